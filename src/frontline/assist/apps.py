from django.apps import AppConfig


class AssistConfig(AppConfig):
    name = "frontline.assist"
    label = "assist"
    verbose_name = "Agent assist"
