"""Small helpers shared by the views."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QScrollArea,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class _LazyQt:
    """PySide's ``Qt`` namespace, built on first use: building it costs about 20 ms, and the
    library's frame uses these helpers before the app's first paint."""

    def __getattr__(self, name: str):
        from PySide6.QtCore import Qt as namespace

        value = getattr(namespace, name)
        setattr(self, name, value)  # kept: the next use is a plain attribute, not this call again
        return value


Qt = _LazyQt()


def label(text: str, role: str | None = None, wrap: bool = True, rich: bool = False,
          selectable: bool = True) -> QLabel:
    """A label that shows ``text`` exactly as written (plain text).

    ``rich=True`` only for our own markup, with any scenario text inside passed through
    :func:`html.escape`: scenario text is never interpreted as HTML.
    """
    widget = QLabel()
    # Qt::RichText (1) or Qt::PlainText (0), set through the property: naming Qt.TextFormat would
    # build PySide's whole Qt namespace (~20 ms) before the library's frame is first painted.
    widget.setProperty("textFormat", 1 if rich else 0)
    widget.setText(text)
    widget.setWordWrap(wrap)
    if selectable:
        make_selectable(widget)
    if role:
        widget.setProperty("role", role)
    return widget


def make_selectable(widget: QLabel) -> None:
    """Let the reader select and copy the label's text (the library's frame, drawn before the
    first paint, makes its labels selectable once it is filled)."""
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally (Qt would render a tooltip that looks like HTML)."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>" if text else ""


def card(title: str | None = None) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 12, 14, 12)
    if title:
        layout.addWidget(label(title, "section"))
    return frame, layout


def table(headers: list[str], rows: list[list[str]], bold_rows: set[int] | None = None,
          name: str | None = None) -> QTableWidget:
    """A read-only table sized to its contents; ``name`` is read out by screen readers."""
    widget = QTableWidget(len(rows), len(headers))
    widget.setAccessibleName(name or "Table: " + ", ".join(headers))
    widget.setHorizontalHeaderLabels(headers)
    widget.verticalHeader().setVisible(False)
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    widget.setAlternatingRowColors(True)
    widget.setWordWrap(False)
    widget.setTabKeyNavigation(False)  # Tab moves on to the next control; arrows move between cells
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(plain_tooltip(text))
            if bold_rows and r in bold_rows:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            widget.setItem(r, c, item)
    header = widget.horizontalHeader()
    # headings start where their cells' text starts (a centred heading over a stretched last
    # column looked misaligned)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    widget.resizeRowsToContents()
    header_height = widget.horizontalHeader().sizeHint().height()
    height = header_height + sum(widget.rowHeight(r) for r in range(len(rows))) + 6
    widget.setMinimumHeight(min(height, 360))
    widget.setMaximumHeight(max(height, 60))
    return widget


def check_group(title: str, choices, texts: dict[str, str] | None = None):
    """A titled box of check boxes, one per ``(id, label)`` choice; returns it and the boxes."""
    from PySide6.QtWidgets import QCheckBox, QGroupBox

    box = QGroupBox(title)
    column = QVBoxLayout(box)
    column.setSpacing(4)
    checks: dict[str, QCheckBox] = {}
    for cid, text in choices:
        check = QCheckBox((texts or {}).get(cid, text))
        check.setAccessibleName(text)
        checks[cid] = check
        column.addWidget(check)
    return box, checks


def submit_row(text: str, on_submit) -> tuple:
    """A status line and a primary submit button (also Ctrl+S) for a form."""
    from PySide6.QtGui import QKeySequence, QShortcut
    from PySide6.QtWidgets import QHBoxLayout, QPushButton

    row = QHBoxLayout()
    status = label("", "muted")
    button = QPushButton(f"{text}  (Ctrl+S)")
    button.setProperty("role", "primary")
    button.clicked.connect(on_submit)
    QShortcut(QKeySequence("Ctrl+S"), status, activated=on_submit)
    row.addWidget(status, 1)
    row.addWidget(button)
    return row, status, button


def on_any_edit(root: QWidget, callback) -> None:
    """Call ``callback`` whenever a value a trainee can set inside ``root`` changes (a choice,
    a number, a tick, a radio button): one home for "the form was edited"."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QDoubleSpinBox, QSpinBox

    for widget in root.findChildren(QComboBox):
        widget.currentIndexChanged.connect(lambda _i: callback())
    for widget in root.findChildren(QSpinBox) + root.findChildren(QDoubleSpinBox):
        widget.valueChanged.connect(lambda _v: callback())
    for widget in root.findChildren(QAbstractButton):
        if widget.isCheckable():
            widget.toggled.connect(lambda _on: callback())


class RefusalLine:
    """A form's refused submission, kept true as the trainee edits: the reason shrinks as the
    missing fields are filled, and once nothing is missing it says the form can be submitted
    (a stale "Before submitting, choose ..." never stays after the fields are chosen).

    ``missing`` gives what is still missing in words; each text goes on the form's ``status``
    line and through ``refused`` (the view's signal) to the session's status line, always in sight."""

    def __init__(self, missing, status, refused, ready: str, joiner: str = "; ") -> None:
        self.missing, self.status, self.refused = missing, status, refused
        self.ready, self.joiner = ready, joiner
        self.active = False

    def show(self, text: str) -> None:
        self.status.setText(text)
        self.refused.emit(text)

    def reason(self, missing: list[str]) -> str:
        return "Before submitting, choose " + self.joiner.join(missing) + "."

    def refuse(self, missing: list[str]) -> None:
        self.active = True
        self.show(self.reason(missing))

    def edited(self) -> None:
        if not self.active:
            return
        missing = self.missing()
        if not missing:
            self.active = False
        self.show(self.reason(missing) if missing else self.ready)


class WrappingChoice(QWidget):
    """A radio button (or, with ``kind=QCheckBox``, a tick box) whose text wraps: long clinical
    choices stay readable at any width and text size, and a page of them never scrolls sideways."""

    def __init__(self, text: str, group, parent: QWidget | None = None, kind: type | None = None) -> None:
        from PySide6.QtWidgets import QHBoxLayout, QRadioButton

        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        self.button = (kind or QRadioButton)()
        self.radio = self.button  # (the name the visit view reads)
        self.button.setAccessibleName(text)
        group.addButton(self.button)
        self.setFocusProxy(self.button)  # focusing the choice focuses its button
        self.text = label(text)
        self.text.mousePressEvent = lambda _event: self.button.click()
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text, 1)

    # the API views and tests use, as on a QRadioButton
    def click(self) -> None:
        self.button.click()

    def isChecked(self) -> bool:
        return self.button.isChecked()

    def setChecked(self, on: bool) -> None:
        self.button.setChecked(on)

    def setEnabled(self, on: bool) -> None:
        self.button.setEnabled(on)
        self.text.setEnabled(on)


def documents_folder() -> str:
    """The user's documents folder: where every open and save dialog starts."""
    from PySide6.QtCore import QStandardPaths

    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def in_documents(name: str) -> str:
    """``name`` in the documents folder (a suggested file name for a save dialog)."""
    from pathlib import Path

    folder = documents_folder()
    return str(Path(folder) / name) if folder else name


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Size a window ``width`` x ``height``, or as much of it as the screen it opens on has."""
    screen = window.screen()
    if screen is not None:
        room = screen.availableGeometry()
        width, height = min(width, room.width()), min(height, room.height())
    window.resize(width, height)


class _HandBack(QObject):
    """See :func:`hands_keyboard_back`."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Hide and watched is self.parent():
            owner = watched.parentWidget()
            if owner is not None and owner.isVisible():
                owner.activateWindow()
                owner.raise_()
                watched.setProperty("handedBackTo", owner)
        return False


class ElidedCombo(QComboBox):
    """A drop-down whose chosen text ends in "…" when the box is too narrow for it (drawn by a
    style sheet, Qt would cut it mid-letter); the whole text is its tooltip, and the list that
    opens shows every choice in full."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentTextChanged.connect(self.setToolTip)

    def paintEvent(self, _event) -> None:  # QComboBox's own, with the text elided
        from PySide6.QtGui import QPalette
        from PySide6.QtWidgets import QStyle, QStyleOptionComboBox, QStylePainter

        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        if self.currentIndex() < 0 and self.placeholderText():
            option.palette.setBrush(QPalette.ColorRole.ButtonText, option.palette.placeholderText())
            option.currentText = self.placeholderText()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideRight,
                                                           self.text_room())
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def text_room(self, width: int | None = None) -> int:
        """How wide a choice can be, in pixels, before it ends in "…" (in a box ``width`` wide,
        or as wide as the box is)."""
        from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        if width is not None:
            option.rect.setWidth(width)
        return self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                           QStyle.SubControl.SC_ComboBoxEditField, self).width()

    def sizeHint(self) -> QSize:
        """Qt's hint, widened where a style sheet's padding leaves the widest choice a few pixels
        short of its room (so a box at its hinted width shows every choice whole)."""
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        widest = max([metrics.horizontalAdvance(self.itemText(i)) for i in range(self.count())]
                     + [metrics.horizontalAdvance(self.placeholderText())])
        short = widest - self.text_room(hint.width())
        if short > 0:
            hint.setWidth(hint.width() + short)
        return hint


def bring_up(window: QWidget) -> None:
    """Show the secondary ``window`` in front, with the keyboard (Esc closes it at once, even on
    a desktop whose window manager does not give a new window the focus)."""
    window.show()
    window.raise_()
    window.activateWindow()


def hands_keyboard_back(window: QWidget) -> None:
    """When the secondary ``window`` closes, its owner (the main window) takes the keyboard again,
    so its shortcuts work at once without a click (a desktop without a window manager, or one
    that does not refocus, would otherwise leave no window with the keys)."""
    window.installEventFilter(_HandBack(window))


class ScrollPage(QScrollArea):
    """A page that scrolls vertically and never sideways; views add to ``page_layout``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body, self.page_layout = page()
        self.setWidget(body)
        # Qt scrolls to a control only when Tab moves between two controls of the page: Tab or
        # Shift+Tab arriving from outside it (from Continue, say) would land on one scrolled out
        # of sight. The page follows those too (not the focus a view gives its first control as
        # it opens: the page stays at its top, where the trainee starts reading).
        QApplication.instance().focusChanged.connect(self._follow_focus)

    def _follow_focus(self, old: QWidget | None, new: QWidget | None) -> None:
        body = self.widget()
        if new is not None and old is not None and body is not None and body.isAncestorOf(new) \
                and not body.isAncestorOf(old) and tab_neighbours(old, new):
            self.ensureWidgetVisible(new, 8, 8)


def tab_neighbours(old: QWidget, new: QWidget) -> bool:
    """True when ``new`` is the control Tab or Shift+Tab moves to from ``old``."""
    for step in (QWidget.nextInFocusChain, QWidget.previousInFocusChain):
        widget = step(old)
        for _ in range(1000):
            if widget is None or widget is old:
                break
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible() and widget.isEnabled():
                if widget is new:
                    return True
                break
            widget = step(widget)
    return False


def page() -> tuple[QWidget, QVBoxLayout]:
    widget = QWidget()
    widget.setObjectName("page")
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(16, 16, 16, 16)
    layout.setSpacing(12)
    return widget, layout


class _WrapDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the view's current width (Qt's own wrap does not
    recompute row heights). The style measures the row, so the theme's item padding and
    line breaks in the text are counted and no line is cut or elided."""

    def sizeHint(self, option, index):
        view = self.parent()
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        indent = view.indentation() * (depth + 1) if hasattr(view, "indentation") else 0
        width = max(view.viewport().width() - indent - 2, 40)
        opt = type(option)(option)
        self.initStyleOption(opt, index)
        # the theme's item padding (a few pixels each side) is not counted by the style when it
        # wraps, so measure a little narrower than the row: never a cut or elided last line
        opt.rect = QRect(0, 0, width - 8, 100_000)
        opt.features |= opt.ViewItemFeature.WrapText
        widget = opt.widget or view
        size = widget.style().sizeFromContents(
            widget.style().ContentsType.CT_ItemViewItem, opt, QSize(), widget
        )
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        # never less than the plain text needs at this width (a guard should a style not wrap)
        rect = opt.fontMetrics.boundingRect(QRect(0, 0, width - 16, 100_000), Qt.TextFlag.TextWordWrap, text)
        return QSize(width, max(size.height(), rect.height() + 14))


class _Relayout(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Resize:
            watched.parent().scheduleDelayedItemsLayout()
        return False


def wrap_items(view: QAbstractItemView) -> None:
    """Let long item texts wrap onto more lines, re-wrapping when the view is resized."""
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setItemDelegate(_WrapDelegate(view))
    relayout = _Relayout(view)
    view.viewport().installEventFilter(relayout)


class FlowColumns(QWidget):
    """Columns side by side while they fit, flowing onto more rows on narrow screens or with
    large text, so a page never needs sideways scrolling. ``columns`` are (layout, stretch)."""

    def __init__(self, columns: list[tuple[QLayout, int]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns: list[tuple[QWidget, int]] = []
        for layout, stretch in columns:
            holder = QWidget()
            layout.setContentsMargins(0, 0, 0, 0)
            holder.setLayout(layout)
            self._columns.append((holder, stretch))
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(12)
        self._grid.setVerticalSpacing(12)
        self._per_row = 0
        self._arrange(len(self._columns))

    @property
    def per_row(self) -> int:
        """How many columns are side by side now."""
        return self._per_row

    def _fits(self, width: int) -> int:
        widths = [holder.minimumSizeHint().width() for holder, _ in self._columns]
        spacing = self._grid.horizontalSpacing()
        for n in range(len(widths), 1, -1):
            # a grid: each column is as wide as its widest cell, in whichever row it sits
            columns = [max(widths[i::n]) for i in range(n)]
            if sum(columns) + spacing * (n - 1) <= width:
                return n
        return 1

    def _arrange(self, per_row: int) -> None:
        if per_row == self._per_row:
            return
        self._per_row = per_row
        for holder, _ in self._columns:
            self._grid.removeWidget(holder)
        for c in range(self._grid.columnCount()):
            self._grid.setColumnStretch(c, 0)
        for i, (holder, stretch) in enumerate(self._columns):
            row, col = divmod(i, per_row)
            self._grid.addWidget(holder, row, col, Qt.AlignmentFlag.AlignTop)
            self._grid.setColumnStretch(col, max(stretch, self._grid.columnStretch(col)))
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        widest = max((h.minimumSizeHint().width() for h, _ in self._columns), default=0)
        return QSize(widest, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange(self._fits(event.size().width()))
