from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "frontline.surveys"
    label = "surveys"
    verbose_name = "Surveys"
