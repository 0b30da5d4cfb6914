from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from doorstroom.accounts.models import User


@admin.register(User)
class DoorstroomUserAdmin(UserAdmin):
    list_display = ("username", "role", "organisation", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (*UserAdmin.fieldsets, ("Doorstroom", {"fields": ("role", "organisation")}))  # type: ignore[misc]
