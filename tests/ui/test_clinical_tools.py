"""The clinical tools window: each tool answers from the clinical core and cites its source."""

from PySide6.QtCore import Qt


def test_tools_open_from_the_menu_shortcut(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.tools is not None and window.tools.isVisible()


def test_mme_of_oxycodone_10mg_four_times_a_day_is_60(qtbot, window):
    window.show_tools()
    tool = window.tools.mme
    drug, strength, per, times = tool.rows[0]
    drug.setCurrentIndex(drug.findData("oxycodone"))
    assert drug.currentText() == "oxycodone"  # the name as clinicians write it, not an id
    strength.setValue(10)
    times.setValue(4)
    qtbot.mouseClick(tool.button, Qt.MouseButton.LeftButton)
    assert "60 MME/day" in tool.result.text()
    assert "CDC" in tool.result.text() and "CDC22" not in tool.result.text()


def test_buprenorphine_is_refused_with_a_reason(window):
    window.show_tools()
    tool = window.tools.mme
    drug, strength, _, _ = tool.rows[0]
    if drug.findData("buprenorphine") < 0:
        drug.addItem("Buprenorphine", "buprenorphine")
    drug.setCurrentIndex(drug.findData("buprenorphine"))
    strength.setValue(8)
    tool.calculate()
    assert tool.result.text().startswith("Cannot calculate")
    assert "no MME conversion factor" in tool.result.text()


def test_the_opioid_list_reads_as_words(window):
    window.show_tools()
    drug, strength, _, _ = window.tools.mme.rows[0]
    names = [drug.itemText(i) for i in range(drug.count())]
    assert "fentanyl patches" in names and not any("_" in n for n in names)
    drug.setCurrentText("fentanyl patches")
    strength.setValue(25)
    window.tools.mme.calculate()
    assert "fentanyl patches: 25 mcg/hr × 2.4 = 60 MME" in window.tools.mme.result.text()


def test_cows_total_and_band_follow_the_form(window):
    window.show_tools()
    tool = window.tools.cows
    for box in tool.items.values():
        box.setCurrentIndex(box.count() - 1)  # every sign at its maximum
    assert "COWS total 48 / 48" in tool.result.text() and "severe" in tool.result.text()


def test_dsm5_checklist_applies_the_supervised_use_rule(window):
    window.show_tools()
    tool = window.tools.dsm5
    tool.boxes["tolerance"].setChecked(True)
    tool.boxes["withdrawal"].setChecked(True)
    assert "Opioid use disorder, mild" in tool.result.text()
    tool.supervised.setChecked(True)
    assert "No opioid use disorder" in tool.result.text()


def test_taper_planner_shows_steps_and_flags_a_fast_taper(qtbot, window):
    window.show_tools()
    tool = window.tools.taper
    tool.percent.setValue(25)
    tool.interval.setValue(7)
    tool.months.setValue(36)
    qtbot.mouseClick(tool.button, Qt.MouseButton.LeftButton)
    assert "FLAG" in tool.result.text() or "FAIL" in tool.result.text()
    # cited by the documents' titles, judged on the printed steps
    assert "CDC Clinical Practice Guideline" in tool.result.text() and "CDC22" not in tool.result.text()
    assert "of the dose before it" in tool.result.text()
    assert tool.table is not None and tool.table.rowCount() == len(tool.chart.steps) > 2


def test_high_contrast_theme_can_be_switched_on_and_is_remembered(qtbot, window, qapp):
    from PySide6.QtCore import QSettings

    shortcut = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_H, shortcut)
    assert window.contrast_action.isChecked()
    assert "High-contrast theme" in qapp.styleSheet()
    assert QSettings().value("theme") == "high-contrast"
    window.contrast_action.setChecked(False)
    assert "Light theme" in qapp.styleSheet()


def test_drug_lists_show_clinical_names_and_patch_units(window):
    window.show_tools()
    names = [window.tools.mme.rows[0][0].itemText(i) for i in range(window.tools.mme.rows[0][0].count())]
    assert "fentanyl patches" in names
    assert not any("_" in name for name in names)
    tool = window.tools.mme
    drug, strength, per, times = tool.rows[0]
    drug.setCurrentIndex(drug.findData("fentanyl_patch"))
    strength.setValue(25)
    tool.calculate()
    text = tool.result.text()
    assert "60 MME/day" in text and "25 mcg/hr" in text and "mcg/hr/day" not in text


def test_closing_the_tools_gives_the_keyboard_back_to_the_main_window(qtbot, window):
    window.show()
    qtbot.waitExposed(window)
    window.show_tools()
    qtbot.waitExposed(window.tools)
    window.tools.close()
    qtbot.waitUntil(lambda: window.isActiveWindow() or window.tools.isHidden())
    assert window.tools.isHidden()
    assert window.tools.focus_returned_to is window
