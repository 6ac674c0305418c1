"""The grading scales and the default audit tool every board starts with (plain data, no Django,
so the seed service and its tests read the same lists)."""

# (label, is_good_or_better, is_inadequate), best first.
FOUR_POINT = (
    "Ofsted-style four-point scale",
    "Outstanding, Good, Requires improvement, Inadequate: the judgements used in children's "
    "case-file audit tools.",
    [
        ("Outstanding", True, False),
        ("Good", True, False),
        ("Requires improvement", False, False),
        ("Inadequate", False, True),
    ],
)
SIX_POINT = (
    "Care Inspectorate six-point scale",
    "The Care Inspectorate (Scotland) scale, from Excellent to Unsatisfactory.",
    [
        ("Excellent", True, False),
        ("Very good", True, False),
        ("Good", True, False),
        ("Adequate", False, False),
        ("Weak", False, False),
        ("Unsatisfactory", False, True),
    ],
)
RAG = (
    "RAG (red, amber, green)",
    "A three-point self-assessment scale: Green met, Amber partly met, Red not met.",
    [
        ("Green", True, False),
        ("Amber", False, False),
        ("Red", False, True),
    ],
)
SCALES = [FOUR_POINT, SIX_POINT, RAG]
DEFAULT_SCALE = FOUR_POINT[0]

DEFAULT_TOOL_NAME = "Multi-agency case audit"
DEFAULT_TOOL_PURPOSE = (
    "To test the quality of multi-agency practice on a theme, case by case: how well each agency "
    "recognised the concern, assessed, planned and worked together, heard the child or adult, "
    "and made a difference."
)
DEFAULT_ESCALATION = (
    "An Inadequate grade means a child or adult may be at risk now. The auditor discusses the "
    "case with their agency's safeguarding lead the same working day; the lead confirms to the "
    "business unit within 2 working days what has been done to make the person safe."
)

# (section title, guidance, [questions])
DEFAULT_SECTIONS = [
    (
        "Recognition",
        "Was the concern recognised promptly and for what it was?",
        [
            "Were the signs of harm or risk recognised at the first opportunity?",
            "Was the history considered, not just the presenting incident?",
        ],
    ),
    (
        "Assessment",
        "Was the assessment timely, analytical and informed by other agencies?",
        [
            "Was the assessment completed within timescales?",
            "Did it analyse risk and protective factors, drawing on what others knew?",
        ],
    ),
    (
        "Planning and intervention",
        "Was there a clear plan, and did it happen?",
        [
            "Was the plan specific about who does what by when?",
            "Was the plan reviewed and changed when things changed?",
        ],
    ),
    (
        "Joint working",
        "Did agencies share information and work as one team around the person?",
        [
            "Was information shared promptly with the right agencies?",
            "Was professional disagreement escalated and resolved?",
        ],
    ),
    (
        "Voice of the child or adult",
        "Were the person's wishes, feelings and lived experience heard and acted on?",
        [
            "Was the child or adult seen, and seen alone where appropriate?",
            "Did their views shape the plan?",
        ],
    ),
    (
        "Impact",
        "Is the child or adult safer and better off because of what was done?",
        ["What difference did the work make to the person's safety and wellbeing?"],
    ),
    (
        "Overall quality",
        "Taking everything together, how good was practice in this case?",
        ["What is the overall judgement, and why?"],
    ),
]
