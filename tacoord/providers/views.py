from tacoord.core.views.generic import (
    ObjectArchiveView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
)
from tacoord.providers.filtersets import ProviderProfileFilterSet
from tacoord.providers.forms import ProviderProfileForm
from tacoord.providers.selectors import provider_profiles_with_relations
from tacoord.providers.services import provider_profile_save
from tacoord.providers.tables import PROVIDER_PROFILE_COLUMNS

profiles = provider_profiles_with_relations()


class ProviderProfileListView(ObjectListView):
    queryset = profiles
    filterset = ProviderProfileFilterSet
    columns = PROVIDER_PROFILE_COLUMNS
    export_stem = "provider-profiles"


class ProviderProfileView(ObjectDetailView):
    queryset = profiles
    template_name = "providers/providerprofile.html"


class ProviderProfileEditView(ObjectEditView):
    queryset = profiles
    form_class = ProviderProfileForm

    def get_form(self, request, obj, data=None):
        form = super().get_form(request, obj, data)
        if obj.pk is None and data is None and request.GET.get("organisation", "").isdecimal():
            form.initial["organisation"] = int(request.GET["organisation"])
        return form

    def save(self, *, user, form):
        profile = form.save(commit=False)
        relations = {name: form.cleaned_data[name] for name in ("articles", "clusters", "priority_areas", "ta_types",
                                                                "languages", "regions", "countries")}
        return provider_profile_save(user=user, profile=profile, relations=relations)


class ProviderProfileArchiveView(ObjectArchiveView):
    queryset = profiles


class ProviderProfileHistoryView(ObjectHistoryView):
    queryset = profiles
