"""Admin for the reference data: look it up, don't edit it (data/*.csv + places_load do that)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.http import HttpRequest

from doorstroom.places.models import Municipality, PostalCode

if TYPE_CHECKING:  # the admin classes are generic only in django-stubs
    ModelAdmin = admin.ModelAdmin[Any]
    TabularInline = admin.TabularInline[PostalCode, Municipality]
else:
    ModelAdmin = admin.ModelAdmin
    TabularInline = admin.TabularInline


class ReadOnlyAdmin(ModelAdmin):
    """Viewing only: a hand edit would be undone by the next `places_load`."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PostalCodeInline(TabularInline):
    model = PostalCode
    fields = ("code", "locality_name", "latitude", "longitude", "coordinates_source")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnlyAdmin):
    list_display = (
        "nis_code",
        "name_nl",
        "name_fr",
        "arrondissement_code",
        "judicial_arrondissement_name_nl",
        "province_name_nl",
        "region_name_nl",
    )
    list_filter = ("region_name_nl", "province_name_nl", "judicial_arrondissement_name_nl")
    search_fields = ("nis_code", "name_nl", "name_fr", "postal_codes__code")
    inlines = (PostalCodeInline,)


@admin.register(PostalCode)
class PostalCodeAdmin(ReadOnlyAdmin):
    list_display = (
        "code",
        "locality_name",
        "municipality",
        "latitude",
        "longitude",
        "coordinates_source",
    )
    list_filter = ("coordinates_source",)
    list_select_related = ("municipality",)
    search_fields = ("code", "locality_name", "municipality__name_nl", "municipality__name_fr")
