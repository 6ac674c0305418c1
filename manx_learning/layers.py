"""The layers of Manx Learning, bottom to top, declared once.

An app may import only apps in layers below its own; nothing imports upwards, and no cross-app
import hides inside a function to dodge a cycle (`AppConfig.ready()` is the one exception).
`tests/test_layers.py` reads every module's imports and keeps this true; `docs/architecture.md`
explains what each layer owns.

Every app of the target shape (issue 11) now exists; the test's list of imports that still
run upwards is empty and must stay so."""

# Each entry is one layer; an app imports only apps in earlier entries.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("lib",),  # framework-free: anonymiser, chronology, SPC, similarity, working days, leaks
    ("core",),  # base model, audit trail, forms, uploads, PDF, tasks, middleware, errors
    ("accounts",),  # agencies, people, roles and the only access vocabulary
    ("vocabulary",),  # the Board's shared vocabulary: themes and Board priorities
    ("actions",),  # recommendations register, action plans, Panel assurance
    ("reviews",),  # case reviews, chronologies, the identifier register
    ("publishing",),  # anonymisation, the publication gate, the public library
    ("briefings",),  # 7-minute briefings, their sends, sessions, acknowledgements and reach
    ("audits",),  # case audits: tools, programmes, moderation
    ("surveys",),  # surveys of service users, families, practitioners and stakeholders
    ("dataset",),  # the performance dataset
    ("assurance",),  # the QA framework: evidence, assessments, retests
    ("board",),  # home, dashboards, navigation, the whole-Board demo command
)


def layer_of(app: str) -> int:
    """The index of an app's layer; ValueError for an app that is not declared."""
    for index, apps in enumerate(LAYERS):
        if app in apps:
            return index
    raise ValueError(f"{app} is not declared in manx_learning.layers.LAYERS")
