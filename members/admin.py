from django.contrib import admin

from members.models import (
    ContactPerson,
    Membership,
    Organization,
    ProfileChange,
    ProfileChangeRequest,
    Region,
    Representative,
    Topic,
    ValueChainStage,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "organization"
    extra = 0
    autocomplete_fields = ["cluster"]


class ContactInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "status", "updated_at"]
    list_filter = ["status", "kind", "region", "stages"]
    search_fields = ["name", "keywords", "city"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["stages", "topics", "managers"]
    inlines = [MembershipInline, ContactInline]


@admin.register(Representative)
class RepresentativeAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "status", "requested_at", "decided_at"]
    list_filter = ["status"]
    raw_id_fields = ["user", "organization", "decided_by"]


@admin.register(ProfileChangeRequest)
class ProfileChangeRequestAdmin(admin.ModelAdmin):
    list_display = ["organization", "requested_by", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["organization", "requested_by", "reviewed_by"]

    def has_change_permission(self, request, obj=None):
        # Setting the status here would skip applying the values, the history and the e-mail:
        # decisions are made on the review page (members.services.review_change_request).
        return False


@admin.register(ProfileChange)
class ProfileChangeAdmin(admin.ModelAdmin):
    list_display = ["organization", "field", "changed_by", "changed_at"]
    raw_id_fields = ["organization", "changed_by", "change_request"]

    def has_change_permission(self, request, obj=None):
        return False  # history is written by the services only


admin.site.register([Region, ValueChainStage, Topic])
