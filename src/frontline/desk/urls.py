from django.urls import path

from frontline.desk import views

app_name = "desk"
urlpatterns = [
    path("", views.home, name="home"),
]
