from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "frontline.demo"
    label = "demo"
    verbose_name = "Demo company"
