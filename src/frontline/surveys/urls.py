"""The public pages of surveys: answering through a link, the phone flow, and the rant-or-rave page."""

from django.urls import path

from frontline.surveys import phone, views

app_name = "surveys"
urlpatterns = [
    path("s/<str:token>/", views.answer, name="answer"),
    path("s/<str:token>/voice/", phone.voice_start, name="voice"),
    path("s/<str:token>/voice/<int:position>/", phone.voice_answer, name="voice_answer"),
    path("feedback/", views.feedback, name="feedback"),
]
