"""What surveys store: survey definitions and their versions, the triggers that invite customers, the
invitations with their single-use links, the responses and their answers, the daily score tallies the reports
read, the follow-ups of unhappy customers, and the stories told on the public rant-or-rave page."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class QuestionKind(models.TextChoices):
    NPS = "nps", "Likelihood to recommend (0-10)"
    CSAT = "csat", "Satisfaction (1-5)"
    CES = "ces", "Ease, as agreement (1-7)"
    FCR = "fcr", "Resolved at the first contact (yes / no)"
    SINGLE = "single", "One choice"
    MULTIPLE = "multiple", "Several choices"
    TEXT = "text", "Free text"


# The words of the ends and steps of the scales, on the web page and on the phone.
AGREEMENT = (
    "Strongly disagree",
    "Disagree",
    "Somewhat disagree",
    "Neither agree nor disagree",
    "Somewhat agree",
    "Agree",
    "Strongly agree",
)
SATISFACTION = ("Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied")

SCALES: dict[str, tuple[int, int]] = {
    QuestionKind.NPS: (0, 10),
    QuestionKind.CSAT: (1, 5),
    QuestionKind.CES: (1, 7),
}


class LoopOwner(models.TextChoices):
    SUPERVISOR = "supervisor", "The agent's supervisor"
    RELATIONSHIP_OWNER = "relationship_owner", "The customer's relationship owner"


no_control_characters = RegexValidator(r"^[^\x00-\x1f\x7f]*$", "Use no line breaks or control characters.")


class Survey(models.Model):
    """A questionnaire sent after contacts; its questions live in versions, the newest of which is asked."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120, validators=[no_control_characters])
    introduction = models.TextField(blank=True, help_text="Shown above the questions.")
    thanks = models.TextField(default="Thank you for telling us.", help_text="Shown once the answers are in.")
    opens_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField(null=True, blank=True, help_text="Empty: open until closed by hand.")
    quota = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)], help_text="Stop after this many responses."
    )
    # Kept by the responses themselves (a conditional F() update), so that the quota can never be passed.
    response_count = models.PositiveIntegerField(default=0, editable=False)
    link_valid_days = models.PositiveSmallIntegerField(
        default=14, validators=[MinValueValidator(1), MaxValueValidator(365)], help_text="How long a link works."
    )
    reminder_after_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="Send one reminder this many days after the invitation; empty: no reminder.",
    )
    loop_owner = models.CharField(max_length=20, choices=LoopOwner.choices, default=LoopOwner.SUPERVISOR)
    loop_due_hours = models.PositiveIntegerField(
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 365)],
        help_text="Hours within which an unhappy customer is to be contacted.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=F("opens_at")), name="survey_closes_after_open"
            ),
            models.CheckConstraint(
                condition=Q(quota__isnull=True) | Q(response_count__lte=F("quota")), name="survey_within_quota"
            ),
        ]
        permissions = [
            ("view_all_responses", "Can read every response, not only those about oneself"),
            ("view_loop_report", "Can read how unhappy customers were followed up"),
        ]

    def __str__(self) -> str:
        return self.name


class SurveyVersion(models.Model):
    """The questions of a survey as they were asked; a version that has responses is never changed."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["survey_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="survey_version_unique")]

    def __str__(self) -> str:
        return f"{self.survey} v{self.number}"


class Question(models.Model):
    """One question; shown only after a given answer to an earlier one when `show_if_key` is set."""

    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    key = models.SlugField(max_length=40)
    kind = models.CharField(max_length=12, choices=QuestionKind.choices)
    text = models.CharField(max_length=300)
    is_required = models.BooleanField(default=True)
    choices = models.JSONField(default=list, blank=True)
    show_if_key = models.SlugField(max_length=40, blank=True)
    show_if_values = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["version_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="question_key_unique"),
            models.UniqueConstraint(fields=["version", "position"], name="question_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.text}"


class TriggerEvent(models.TextChoices):
    CASE_RESOLVED = "case_resolved", "A case is resolved"
    CONTACT_ENDED = "contact_ended", "A contact ends"


class Method(models.TextChoices):
    EMAIL = "email", "E-mail link"
    IVR = "ivr", "Phone (keypad)"


class SurveyTrigger(models.Model):
    """When to invite: after which event, for which contacts, how many of them, how soon and how seldom."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="triggers")
    event = models.CharField(max_length=16, choices=TriggerEvent.choices)
    method = models.CharField(max_length=8, choices=Method.choices, default=Method.EMAIL)
    channel = models.CharField(max_length=16, blank=True, help_text="Empty: every channel.")
    queue = models.CharField(max_length=80, blank=True, help_text="Empty: every queue.")
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(
        "cases.Category",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="This category and those under it; empty: every category.",
    )
    sampling_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("100.00"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100.00"))],
    )
    delay_minutes = models.PositiveIntegerField(default=60, validators=[MaxValueValidator(60 * 24 * 30)])
    quiet_days = models.PositiveSmallIntegerField(
        default=30,
        validators=[MaxValueValidator(365)],
        help_text="No customer is invited again within this many days of any survey invitation.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["survey_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sampling_percent__gt=0) & Q(sampling_percent__lte=100), name="trigger_sampling_percent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey}: {self.get_event_display()} ({self.get_method_display()})"


class ServiceFacts(models.Model):
    """Who served the customer, where and about what: copied from the case and contact when the invitation is
    made, so that scores stay with the agent, team and queue of the time even after a case moves."""

    customer = models.ForeignKey("customers.Customer", null=True, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey("cases.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    agent = models.ForeignKey("accounts.Agent", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey("accounts.Branch", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey("cases.Category", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    queue = models.CharField(max_length=80, blank=True)
    channel = models.CharField(max_length=16, blank=True)
    served_at = models.DateTimeField(help_text="When the case was resolved or the contact ended.")
    served_on = models.DateField(help_text="The local day of served_at: the day the scores count it on.")

    class Meta:
        abstract = True


# The columns an invitation hands on to its response: every field of ServiceFacts.
FACT_FIELDS: tuple[str, ...] = tuple(field.attname for field in ServiceFacts._meta.local_fields)


class Invitation(ServiceFacts):
    """One customer asked to answer one survey, by e-mail or by phone, through a signed single-use link."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="invitations")
    trigger = models.ForeignKey(SurveyTrigger, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    method = models.CharField(max_length=8, choices=Method.choices)
    key = models.CharField(max_length=32, unique=True, editable=False)
    email = models.EmailField(blank=True)
    send_after = models.DateTimeField()
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    call_answers = models.JSONField(default=dict, blank=True, help_text="Keypad answers so far, during a call.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["customer", "created_at"], name="invitation_customer_idx"),
            models.Index(fields=["sent_at", "send_after"], name="invitation_unsent_idx"),
            models.Index(fields=["survey", "created_at"], name="invitation_survey_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} to {self.customer_id} ({self.method})"


class Response(ServiceFacts):
    """The answers one customer gave to one version of a survey; the headline measures are copied onto the
    row so that scores and exports never read the answers table."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="responses")
    # One response per invitation, enforced by the database: a used link cannot answer twice.
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.PROTECT, related_name="response"
    )
    method = models.CharField(max_length=8, choices=Method.choices)
    responded_at = models.DateTimeField(default=timezone.now)
    nps = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(10)])
    csat = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    ces = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    fcr = models.BooleanField(null=True, blank=True)
    is_unhappy = models.BooleanField(default=False)
    has_comment = models.BooleanField(default=False)

    class Meta:
        ordering = ["-responded_at", "-id"]
        indexes = [
            models.Index(fields=["served_on", "id"], name="response_served_idx"),
            models.Index(fields=["agent", "served_on"], name="response_agent_idx"),
            models.Index(fields=["team", "served_on"], name="response_team_idx"),
            models.Index(fields=["survey", "served_on"], name="response_survey_idx"),
            models.Index(fields=["customer", "responded_at"], name="response_customer_idx"),
            models.Index(fields=["responded_at", "id"], name="response_responded_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(nps__isnull=True) | Q(nps__lte=10), name="response_nps_range"),
            models.CheckConstraint(
                condition=Q(csat__isnull=True) | Q(csat__gte=1, csat__lte=5), name="response_csat_range"
            ),
            models.CheckConstraint(
                condition=Q(ces__isnull=True) | Q(ces__gte=1, ces__lte=7), name="response_ces_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.survey}"


class Answer(models.Model):
    """The answer to one question: a number (scales, choices' positions are not used), a yes/no, the chosen
    labels, or text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    number = models.SmallIntegerField(null=True, blank=True)
    choices = models.JSONField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["response_id", "question__position"]
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once_per_question")]

    def __str__(self) -> str:
        return f"{self.question.key} = {self.number if self.number is not None else self.choices or self.text}"


class Dimension(models.TextChoices):
    ALL = "all", "Everyone"
    AGENT = "agent", "Agent"
    TEAM = "team", "Team"
    BRANCH = "branch", "Branch"
    QUEUE = "queue", "Queue"
    CATEGORY = "category", "Category"
    CHANNEL = "channel", "Channel"


class ScoreCell(models.Model):
    """Exact running counts of invitations sent and responses for one survey, one day and one group (an agent,
    a team, a queue...). Each response adds itself to its cells in the transaction that records it (F()
    updates), so reports sum a few thousand cells instead of reading a million responses."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=12, choices=Dimension.choices)
    key = models.CharField(max_length=80, blank=True, help_text="The group's id, or the queue or channel name.")
    day = models.DateField()
    invited = models.PositiveIntegerField(default=0)
    responses = models.PositiveIntegerField(default=0)
    promoters = models.PositiveIntegerField(default=0)
    passives = models.PositiveIntegerField(default=0)
    detractors = models.PositiveIntegerField(default=0)
    csat_satisfied = models.PositiveIntegerField(default=0)
    csat_n = models.PositiveIntegerField(default=0)
    ces_n = models.PositiveIntegerField(default=0)
    ces_sum = models.PositiveBigIntegerField(default=0)
    ces_sum_squares = models.PositiveBigIntegerField(default=0)
    fcr_yes = models.PositiveIntegerField(default=0)
    fcr_n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dimension", "key", "day", "survey"], name="score_cell_unique"),
        ]
        indexes = [models.Index(fields=["dimension", "day"], name="score_cell_day_idx")]

    def __str__(self) -> str:
        return f"{self.dimension}={self.key} on {self.day}"


class LoopFollowUp(models.Model):
    """An unhappy answer turned into a case for someone to call the customer back by a due time."""

    response = models.OneToOneField(Response, on_delete=models.PROTECT, related_name="loop")
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="survey_loop")
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey("accounts.Agent", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    due_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    recovered_at = models.DateTimeField(null=True, blank=True)
    recovered_by = models.ForeignKey(
        Response, null=True, blank=True, on_delete=models.PROTECT, related_name="recoveries"
    )
    recovery_note = models.CharField(max_length=300, blank=True, help_text="For instance: renewed the contract.")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["customer", "recovered_at"], name="loop_customer_idx"),
            models.Index(fields=["created_at", "id"], name="loop_created_idx"),
        ]

    def __str__(self) -> str:
        return f"Follow-up of response {self.response_id}"


class StoryKind(models.TextChoices):
    RAVE = "rave", "Rave: it went well"
    RANT = "rant", "Rant: it went badly"


class StoryStatus(models.TextChoices):
    PENDING = "pending", "Waiting for moderation"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class Story(models.Model):
    """What someone told on the public rant-or-rave page; it counts only once a moderator approves it."""

    kind = models.CharField(max_length=8, choices=StoryKind.choices)
    text = models.TextField(max_length=4000)
    name = models.CharField(max_length=120, blank=True)
    email = models.EmailField(blank=True)
    branch = models.ForeignKey("accounts.Branch", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    agent_name = models.CharField(max_length=120, blank=True, help_text="As the person wrote it.")
    agent = models.ForeignKey("accounts.Agent", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=StoryStatus.choices, default=StoryStatus.PENDING)
    client = models.CharField(max_length=64, editable=False, help_text="A keyed digest of the sender's address.")
    created_at = models.DateTimeField(default=timezone.now)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    moderation_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "stories"
        indexes = [
            models.Index(fields=["client", "created_at"], name="story_client_idx"),
            models.Index(fields=["status", "created_at"], name="story_status_idx"),
        ]
        permissions = [("moderate_story", "Can approve or reject stories from the rant-or-rave page")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"
