"""The desk's pages and fragments, under /desk/."""

from django.urls import path

from frontline.desk import feedback_views, survey_views, views

app_name = "desk"
urlpatterns = [
    path("", views.home, name="home"),
    path("queues/<slug:key>/", views.queue, name="queue"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<int:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<int:case_id>/status/", views.change_status, name="case_status"),
    path("cases/<int:case_id>/resolve/", views.resolve, name="case_resolve"),
    path("cases/<int:case_id>/reassign/", views.reassign, name="case_reassign"),
    path("cases/<int:case_id>/contacts/", views.log_contact, name="case_contact"),
    path("cases/<int:case_id>/details/", views.edit, name="case_edit"),
    path("cases/<int:case_id>/panels/customer/", views.panel_customer, name="panel_customer"),
    path("cases/<int:case_id>/panels/similar/", views.panel_similar, name="panel_similar"),
    path("cases/<int:case_id>/similar/feedback/", views.similar_feedback, name="similar_feedback"),
    path("cases/<int:case_id>/panels/authority/", views.panel_authority, name="panel_authority"),
    path("cases/<int:case_id>/gestures/", views.give_gesture, name="give_gesture"),
    path("approvals/", views.approvals, name="approvals"),
    path("cases/<int:case_id>/panels/policies/", views.panel_policies, name="panel_policies"),
    path("cases/<int:case_id>/exceptions/", views.request_exception, name="request_exception"),
    path("exceptions/", views.exceptions, name="exceptions"),
    path("exceptions/<int:request_id>/decision/", views.decide_exception, name="decide_exception"),
    path("reports/", views.reports, name="reports"),
    path("reports/policies/", views.policy_report, name="policy_report"),
    path("cases/<int:case_id>/panels/fixes/", views.panel_fixes, name="panel_fixes"),
    path("cases/<int:case_id>/fixes/", views.promise_fix, name="promise_fix"),
    path("fixes/<int:follow_up_id>/done/", views.close_fix, name="close_fix"),
    path("reports/root-causes/", views.root_cause_report, name="root_cause_report"),
    path("reports/gestures/", views.gesture_report, name="gesture_report"),
    path("gestures/<int:gesture_id>/decision/", views.decide_gesture, name="decide_gesture"),
    path("gestures/<int:gesture_id>/review/", views.review_gesture, name="review_gesture"),
    path("customers/lookup/", views.customer_lookup, name="customer_lookup"),
    path("customers/<int:customer_id>/", views.customer_detail, name="customer_detail"),
    path("surveys/", survey_views.survey_scores, name="survey_scores"),
    path("surveys/list/", survey_views.survey_list, name="survey_list"),
    path("surveys/<int:survey_id>/close/", survey_views.close_survey, name="survey_close"),
    path("surveys/verbatims/", feedback_views.verbatims, name="verbatims"),
    path("surveys/follow-ups/", feedback_views.survey_follow_ups, name="survey_follow_ups"),
    path("surveys/follow-ups/<int:loop_id>/recovered/", feedback_views.survey_recovered, name="survey_recovered"),
    path("surveys/stories/", feedback_views.stories, name="stories"),
    path("surveys/stories/<int:story_id>/moderation/", feedback_views.moderate_story, name="moderate_story"),
    path("cases/<int:case_id>/panels/feedback/", feedback_views.panel_feedback, name="panel_feedback"),
]
