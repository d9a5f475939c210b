from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "frontline.exchange"
    label = "exchange"
    verbose_name = "Imports and exports"
