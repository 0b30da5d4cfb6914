"""Pages of the functional administrator: users and roles, organisations with their DWSE
recognitions, sites and local network, and ESF calls. Every write goes through the owning
app's service; a refused write is a Dutch form error and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import Count, Q, QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.authtoken.models import Token

from doorstroom.accounts import services as accounts
from doorstroom.accounts.models import Role, User
from doorstroom.common import clock
from doorstroom.common.errors import DomainError, InvalidInput
from doorstroom.esf import services as esf
from doorstroom.esf.models import Call
from doorstroom.organisations import selectors as organisation_selectors
from doorstroom.organisations import services as organisations
from doorstroom.organisations.models import Organisation
from doorstroom.places import selectors as places
from doorstroom.web.beheer.forms import (
    CallForm,
    LocalNetworkForm,
    OrganisationForm,
    RecognitionForm,
    SiteForm,
    UserCreateForm,
    UserEditForm,
)
from doorstroom.web.form_errors import service_error_show
from doorstroom.web.paging import page_of
from doorstroom.web.permissions import page_user, role_required

ROLE = "admin"
PER_PAGE = 25
GET_POST = require_http_methods(["GET", "POST"])


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _save(
    request: HttpRequest,
    form: Form,
    write: Callable[[], Any],
    success: str,
) -> Any:
    """Run the service for a valid posted form; the record written, or None (form errors)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        written = write()
    except DomainError as exc:
        service_error_show(form, exc)
        return None
    messages.success(request, success)
    return written


def _page(request: HttpRequest, queryset: QuerySet[Any], **filters: str) -> dict[str, Any]:
    """One page of a list, and the filters to keep in the paging links."""
    page = page_of(request, queryset, per_page=PER_PAGE)
    kept = {name: value for name, value in filters.items() if value}
    return {"page_obj": page, "rows": page.object_list, "query": urlencode(kept), **filters}


# --- start page -------------------------------------------------------------------------------


@role_required(ROLE)
def home(request: HttpRequest) -> HttpResponse:
    counts = {
        "users": User.objects.filter(is_active=True).count(),
        "organisations": Organisation.objects.count(),
        "calls": Call.objects.count(),
    }
    return render(request, "beheer/home.html", {"counts": counts})


# --- users ------------------------------------------------------------------------------------


@role_required(ROLE)
def user_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    role = request.GET.get("rol", "")
    role = role if role in Role.values else ""
    queryset = User.objects.select_related("organisation").order_by("username")
    if q:
        queryset = queryset.filter(
            Q(username__icontains=q)
            | Q(email__icontains=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(organisation__name__icontains=q)
        )
    if role:
        queryset = queryset.filter(role=role)
    context = _page(request, queryset, q=q, rol=role)
    return render(request, "beheer/users.html", {**context, "roles": Role.choices})


@role_required(ROLE)
@GET_POST
def user_new(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(_posted(request))
    user = _save(
        request,
        form,
        lambda: accounts.user_create(**form.service_arguments()),
        _("De gebruiker is aangemaakt."),
    )
    if user is not None:
        return redirect("beheer:user", pk=user.pk)
    return render(request, "beheer/user_form.html", {"form": form})


@role_required(ROLE)
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User.objects.select_related("organisation"), pk=pk)
    has_token = Token.objects.filter(user=user).exists()
    return render(request, "beheer/user.html", {"account": user, "has_token": has_token})


@role_required(ROLE)
@GET_POST
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    initial = {
        "role": user.role,
        "organisation": user.organisation_id,
        "email": user.email,
        "is_active": user.is_active,
    }
    form = UserEditForm(_posted(request), initial=initial)
    saved = _save(
        request,
        form,
        lambda: accounts.user_update(user=user, **form.service_arguments()),
        _("De gebruiker is bewaard."),
    )
    if saved is not None:
        return redirect("beheer:user", pk=user.pk)
    return render(request, "beheer/user_form.html", {"form": form, "account": user})


@role_required(ROLE)
@require_POST
def user_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    if accounts.token_revoke(user=user):
        messages.success(request, _("De API-sleutel is ingetrokken."))
    else:
        messages.warning(request, _("Deze gebruiker had geen API-sleutel."))
    return redirect("beheer:user", pk=user.pk)


# --- organisations ----------------------------------------------------------------------------


@role_required(ROLE)
def organisation_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    queryset = Organisation.objects.annotate(site_count=Count("sites")).order_by("name", "id")
    if q:
        digits = "".join(c for c in q if c.isdigit())
        match = Q(name__icontains=q) | Q(postal_code=q)
        if len(digits) >= 4:
            match |= Q(enterprise_number__contains=digits)
        queryset = queryset.filter(match)
    return render(request, "beheer/organisations.html", _page(request, queryset, q=q))


def _organisation(request: HttpRequest, pk: int) -> Organisation:
    user = page_user(request)
    return get_object_or_404(organisation_selectors.organisation_detail_for_user(user), pk=pk)


@role_required(ROLE)
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = _organisation(request, pk)
    today = clock.today()
    recognitions = [
        (r, r.valid_from <= today and (r.valid_until is None or today <= r.valid_until))
        for r in org.recognitions.all()
    ]
    sites = [(s, places.municipality_for_postal_code(s.postal_code)) for s in org.sites.all()]
    members = org.members.order_by("username")
    return render(
        request,
        "beheer/organisation.html",
        {
            "organisation": org,
            "recognitions": recognitions,
            "sites": sites,
            "members": members,
            "municipality": places.municipality_for_postal_code(org.postal_code),
        },
    )


@role_required(ROLE)
@GET_POST
def organisation_new(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(_posted(request))
    org = _save(
        request,
        form,
        lambda: organisations.organisation_create(**form.cleaned_data),
        _("De organisatie is geregistreerd."),
    )
    if org is not None:
        return redirect("beheer:organisation", pk=org.pk)
    return render(request, "beheer/organisation_form.html", {"form": form})


@role_required(ROLE)
@GET_POST
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = _organisation(request, pk)
    initial = {
        "enterprise_number": org.enterprise_number_display,
        "name": org.name,
        "street": org.street,
        "postal_code": org.postal_code,
        "email": org.email,
        "current_participant": org.current_participant,
        "current_participant_motivation": org.current_participant_motivation,
    }
    form = OrganisationForm(_posted(request), initial=initial)
    saved = _save(
        request,
        form,
        lambda: organisations.organisation_update(organisation=org, **form.cleaned_data),
        _("De organisatie is bewaard."),
    )
    if saved is not None:
        return redirect("beheer:organisation", pk=org.pk)
    return render(request, "beheer/organisation_form.html", {"form": form, "organisation": org})


@role_required(ROLE)
@GET_POST
def recognition_new(request: HttpRequest, pk: int) -> HttpResponse:
    org = _organisation(request, pk)
    form = RecognitionForm(_posted(request))
    saved = _save(
        request,
        form,
        lambda: organisations.recognition_create(organisation=org, **form.cleaned_data),
        _("De erkenning is toegevoegd."),
    )
    if saved is not None:
        return redirect("beheer:organisation", pk=org.pk)
    return render(
        request,
        "beheer/organisation_part_form.html",
        {"form": form, "organisation": org, "title": _("Nieuwe DWSE-erkenning")},
    )


@role_required(ROLE)
@GET_POST
def site_new(request: HttpRequest, pk: int) -> HttpResponse:
    org = _organisation(request, pk)
    form = SiteForm(_posted(request))
    saved = _save(
        request,
        form,
        lambda: organisations.site_create(organisation=org, **form.cleaned_data),
        _("De vestiging is toegevoegd."),
    )
    if saved is not None:
        return redirect("beheer:organisation", pk=org.pk)
    return render(
        request,
        "beheer/organisation_part_form.html",
        {"form": form, "organisation": org, "title": _("Nieuwe vestiging")},
    )


def _network_codes(form: LocalNetworkForm) -> list[str]:
    """The NIS codes of the names or codes typed; unknown ones become a form error."""
    codes, unknown = places.municipality_codes_for_terms(form.terms())
    if unknown:
        raise InvalidInput(
            "municipalities",
            _("Deze gemeenten kennen we niet: %(names)s. Gebruik de naam of de NIS-code.")
            % {"names": ", ".join(unknown)},
        )
    return codes


@role_required(ROLE)
@GET_POST
def local_network(request: HttpRequest, pk: int) -> HttpResponse:
    org = _organisation(request, pk)
    current = "\n".join(s.municipality.name_nl for s in org.local_network.all())
    form = LocalNetworkForm(_posted(request), initial={"municipalities": current})
    saved = _save(
        request,
        form,
        lambda: organisations.local_network_set(
            organisation=org, municipalities=_network_codes(form)
        ),
        _("Het lokale netwerk is bewaard."),
    )
    if saved is not None:
        return redirect("beheer:organisation", pk=org.pk)
    return render(
        request,
        "beheer/organisation_part_form.html",
        {"form": form, "organisation": org, "title": _("Lokaal netwerk")},
    )


# --- ESF calls --------------------------------------------------------------------------------


@role_required(ROLE)
def call_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    queryset = Call.objects.annotate(project_count=Count("projects")).order_by("-opens_on", "-id")
    if q:
        queryset = queryset.filter(Q(code__icontains=q) | Q(title__icontains=q))
    context = _page(request, queryset, q=q)
    return render(request, "beheer/calls.html", {**context, "today": clock.today()})


@role_required(ROLE)
@GET_POST
def call_new(request: HttpRequest) -> HttpResponse:
    form = CallForm(_posted(request))
    call = _save(
        request,
        form,
        lambda: esf.call_create(**form.cleaned_data),
        _("De oproep is aangemaakt."),
    )
    if call is not None:
        return redirect("beheer:call", pk=call.pk)
    return render(request, "beheer/call_form.html", {"form": form})


@role_required(ROLE)
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    projects = call.projects.select_related("organisation").order_by("-submitted_on", "id")
    return render(
        request, "beheer/call.html", {"call": call, "projects": projects, "today": clock.today()}
    )


@role_required(ROLE)
@GET_POST
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    initial = {
        "code": call.code,
        "title": call.title,
        "opens_on": call.opens_on,
        "closes_on": call.closes_on,
    }
    form = CallForm(_posted(request), initial=initial)
    saved = _save(
        request,
        form,
        lambda: esf.call_update(call=call, **form.cleaned_data),
        _("De oproep is bewaard."),
    )
    if saved is not None:
        return redirect("beheer:call", pk=call.pk)
    return render(request, "beheer/call_form.html", {"form": form, "call": call})
