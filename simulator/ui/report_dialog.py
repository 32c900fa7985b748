"""Save the debrief on screen as the PDF report: ask where, write it, say where it went."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from simulator.ui.trainee import current_trainee


def save_report_dialog(
    parent: QWidget, debrief, *, trainee: str | None = None, path: str | None = None
) -> str | None:
    """Ask where, then write ``debrief`` as the PDF report; returns the path written or None."""
    from simulator.ui.report_pdf import ReportError, write_report  # Qt's PDF writer: loaded on use

    if path is None:
        from simulator.ui.views.common import in_documents  # the documents folder, not the app's

        path, _ = QFileDialog.getSaveFileName(
            parent, "Save report as PDF", in_documents(f"{debrief.scenario_id}-report.pdf"), "PDF (*.pdf)"
        )
        if not path:
            return None
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
    try:
        written = write_report(debrief, path, trainee=current_trainee() if trainee is None else trainee)
    except ReportError as exc:
        QMessageBox.warning(parent, "Report not saved", str(exc))
        return None
    window = parent.window()
    if hasattr(window, "statusBar"):
        window.statusBar().showMessage(f"Report saved to {written.path} ({written.pages} pages)", 15000)
    return path
