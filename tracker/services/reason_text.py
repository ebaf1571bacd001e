"""The extraction engine's reasons for a task, in the reviewer's words.

The engine (tracker.extraction.tasks and row_tasks) names the conventions that
made an item a task with short codes ("units:field", "table-row"); the import
review shows them beside each row, so a clerk reads why a row is proposed and
how far to trust its units.
"""

from flask_babel import gettext

from tracker.text import N_

REASON_LABELS = {
    "units:field": N_("单位见于“责任单位/牵头单位”栏目或括号"),
    "units:division": N_("单位见于“责任分工”说明"),
    "units:duty-heading": N_("单位见于职责条目开头"),
    "units:heading": N_("单位见于本条标题"),
    "units:section-heading": N_("单位沿用上级标题"),
    "units:running-text": N_("单位见于正文（由…牵头）"),
    "units:subject": N_("单位为句子主语，请核对"),
    "no unit": N_("未找到责任单位"),
    "time limit": N_("有完成时限"),
    "recurring report": N_("有定期报送要求"),
    "table-row": N_("任务分解表中的一行"),
    "column:lead": N_("牵头单位栏"),
    "column:units": N_("责任单位栏"),
    "column:co": N_("配合单位栏"),
    "column:deadline": N_("时限栏"),
    "generic actor only": N_("只泛指“各有关单位”等"),
    "boilerplate section": N_("位于保障措施、工作要求部分"),
    "target section": N_("位于工作目标部分"),
    "schedule line": N_("只是时间安排"),
}


def reason_label(code: str) -> str:
    """The reviewer's words for one of the engine's reason codes (the code itself for an unknown one)."""
    label = REASON_LABELS.get(code)
    return gettext(label) if label is not None else code
