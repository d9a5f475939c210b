from django.apps import AppConfig


class AuthorityConfig(AppConfig):
    name = "frontline.authority"
    label = "authority"
    verbose_name = "Authority"
