"""The phone flow of a survey: written next."""

from django.http import HttpRequest, HttpResponse


def voice_start(request: HttpRequest, token: str) -> HttpResponse:
    return HttpResponse(status=501)


def voice_answer(request: HttpRequest, token: str, position: int) -> HttpResponse:
    return HttpResponse(status=501)
