"""Forms of a project's plan: a stage, a task, a communication note. The
checks on dates and progress are the service's (:mod:`registers.services.projects`),
asked here so that each message stands beside its field."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.access.forms.requests import date_input
from portal.direction import refuse_direction_controls

from ..models import CommunicationNote, PlanStage, PlanTask
from ..services import projects as service


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user} · {user.department}" if getattr(user, "department", None) else str(user)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return f"{user} · {user.department}" if getattr(user, "department", None) else str(user)


def _people(project):
    """The project's team first; anyone active in its departments too."""
    team = [m.user_id for m in project.team.all()]
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(models_q(team, project.department_id, [d.pk for d in project.departments_involved.all()]))
        .select_related("department")
        .order_by("pk")
    )


def models_q(team, department_id, involved):
    from django.db.models import Q

    return Q(pk__in=team) | Q(department_id=department_id) | Q(department_id__in=involved)


class PlanForm(forms.ModelForm):
    """Checks a row's fields as the service will, naming the field."""

    schedule_fields = ()

    def __init__(self, *args, project, **kwargs):
        self.project = project
        super().__init__(*args, **kwargs)
        for name in ("planned_start", "planned_end", "actual_start", "actual_end", "date"):
            if name in self.fields:
                self.fields[name].widget = date_input()

    def clean(self):
        data = super().clean()
        fields = [f for f in self.schedule_fields if f in self.fields]
        labels = {f: self.fields[f].label for f in fields}
        present = {f: data.get(f) for f in fields if f not in self.errors}
        for field, message in service.check_schedule(self.project, present, labels=labels).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return data

    def add_service_error(self, error):
        """A :class:`ValidationError` from the service, beside its fields."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


class StageForm(PlanForm):
    schedule_fields = ("planned_start", "planned_end", "actual_start", "actual_end")

    class Meta:
        model = PlanStage
        fields = ("name", "order", "planned_start", "planned_end", "actual_start", "actual_end")


class TaskForm(PlanForm):
    schedule_fields = ("planned_start", "planned_end", "actual_start", "actual_end", "percent_done")

    percent_done = forms.IntegerField(label=_("percent done"), initial=0)
    new_deliverable = forms.FileField(
        label=_("Add a deliverable"),
        required=False,
        help_text=_("The file is kept as a document of the project's department and level."),
    )

    class Meta:
        model = PlanTask
        fields = (
            "stage",
            "name",
            "owner",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "percent_done",
        )
        field_classes = {"owner": PersonChoiceField}

    def __init__(self, *args, project, plan, **kwargs):
        super().__init__(*args, project=project, **kwargs)
        self.fields["stage"].queryset = plan.stages.all()
        self.fields["stage"].empty_label = None
        self.fields["owner"].queryset = _people(project)
        self.fields["percent_done"].widget.attrs.update({"min": 0, "max": 100})

    def clean_percent_done(self):
        value = self.cleaned_data.get("percent_done")
        if value is None or not 0 <= value <= 100:
            raise ValidationError(
                _("%(field)s must be between 0 and 100."), params={"field": self.fields["percent_done"].label}
            )
        return value


class NoteForm(PlanForm):
    content = forms.CharField(
        label=_("content"), widget=forms.Textarea(attrs={"rows": 5}), validators=[refuse_direction_controls]
    )

    class Meta:
        model = CommunicationNote
        fields = ("date", "participants", "other_participants", "content")
        field_classes = {"participants": PeopleChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = _people(self.project)
        self.fields["participants"].widget.attrs["size"] = 8
