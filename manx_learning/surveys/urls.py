from django.urls import path

from manx_learning.surveys.views import public, surveys

app_name = "surveys"

_SURVEY = "surveys/<uuid:code>/"
_QUESTION = _SURVEY + "questions/<uuid:question_code>/"

urlpatterns = [
    path("surveys/", surveys.survey_list, name="list"),
    path("surveys/new/", surveys.survey_create, name="create"),
    path(_SURVEY, surveys.survey_detail, name="detail"),
    path(_SURVEY + "edit/", surveys.survey_edit, name="edit"),
    path(_SURVEY + "questions/add/", surveys.question_add, name="question-add"),
    path(_QUESTION + "edit/", surveys.question_edit, name="question-edit"),
    path(_QUESTION + "remove/", surveys.question_remove, name="question-remove"),
    path(_QUESTION + "move/", surveys.question_move, name="question-move"),
    path(_SURVEY + "publish/", surveys.survey_publish, name="publish"),
    path(_SURVEY + "close/", surveys.survey_close, name="close"),
    path(_SURVEY + "evidence/", surveys.survey_evidence, name="evidence"),
    path(_SURVEY + "send/", surveys.survey_send, name="send"),
    path(_SURVEY + "retest/", surveys.survey_retest, name="retest"),
    path(_SURVEY + "results/", surveys.survey_results, name="results"),
    # The public link: short, and unguessable because of the random token.
    path("s/<str:token>/", public.respond, name="respond"),
    path("s/<str:token>/thank-you/", public.thanks, name="thanks"),
]
