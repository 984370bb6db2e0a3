from django.contrib import admin

from ocop.evaluations.models import Council, CouncilMember, Decision, Dossier, EvaluationRound, Notification


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = ("product", "kind", "status", "total", "stars", "updated_at")
    list_filter = ("status", "kind", "is_historical")
    search_fields = ("product__name_vi", "producer__legal_name")
    raw_id_fields = ("product", "producer", "round", "created_by")


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "province", "year", "number", "status")


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    raw_id_fields = ("user",)


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ("name", "round")
    inlines = [CouncilMemberInline]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("number", "product", "stars", "total", "authority", "decided_on", "is_historical")
    list_filter = ("authority", "stars", "is_historical")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "message_vi", "created_at", "read_at")
