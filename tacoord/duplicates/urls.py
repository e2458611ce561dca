app_name = "duplicates"
urlpatterns = []
