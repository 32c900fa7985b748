"""The instructor's cohort view: which guidance points a cohort misses most.

Import result files exported by trainees (CSV, JSON or xAPI: ``python -m simulator export`` or
the LRS), then read one row per case and rubric item: how many attempts missed it, how many
made it a critical error, how many trainees. The table sorts by any column and filters by
case and by text; the chart shows the most-missed guidance points of what is filtered; the
table exports as CSV. All counting is :mod:`simulator.records.cohort`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from simulator.records import cohort
from simulator.records.export import ResultsError
from simulator.records.store import StoreError
from simulator.ui.palette import colour

if TYPE_CHECKING:
    from simulator.records.store import SessionStore
from simulator.ui.views.common import (
    FlowColumns,
    documents_folder,
    fit_to_screen,
    hands_keyboard_back,
    in_documents,
    label,
)
from simulator.ui.widgets.plots import follow_text_size, plot_widget

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
CHART_TOP = 10
PERCENT_COLUMN = cohort.TABLE_COLUMNS.index("Missed %")
CASE_COLUMN = cohort.TABLE_COLUMNS.index("Case")
#: Shown inside another cell, so the table fits a 1024-pixel window without sideways scrolling
#: (the exported table keeps every column, and Find still searches them): the counts beside the
#: percentage ("75% (3 of 4)"), the domain and source in the item's tooltip.
FOLDED_COLUMNS = tuple(cohort.TABLE_COLUMNS.index(c) for c in ("Missed", "Attempts", "Domain", "Source"))
ITEM_COLUMN = cohort.TABLE_COLUMNS.index("Rubric item")


def two_lines(heading: str) -> str:
    """A column heading of several words on two lines, broken at the space nearest its middle
    (a narrow column for a count); one word stays as it is."""
    spaces = [i for i, ch in enumerate(heading) if ch == " "]
    if not spaces:
        return heading
    cut = min(spaces, key=lambda i: abs(len(heading) - 2 * i))
    return heading[:cut] + "\n" + heading[cut + 1:]


class _Filter(QSortFilterProxyModel):
    """Rows of the chosen case whose text contains every word typed."""

    def __init__(self) -> None:
        super().__init__()
        self.case = ""
        self.words: list[str] = []
        self.setSortRole(SORT_ROLE)

    def set_filter(self, case: str, text: str) -> None:
        if not hasattr(self, "endFilterChange"):  # Qt before 6.10
            self.case, self.words = case, text.casefold().split()
            self.invalidateFilter()
            return
        self.beginFilterChange()  # Qt 6.10+: replaces the deprecated invalidateFilter()
        self.case, self.words = case, text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, parent) -> bool:
        item = self.sourceModel().item(source_row, 0)
        row: cohort.ItemRow | None = item.data(ROW_ROLE) if item is not None else None
        if row is None:  # a row asked about while the model is emptied (the window closing)
            return False
        if self.case and row.scenario != self.case:
            return False
        text = " ".join(str(c) for c in cohort.table_cells(row)).casefold()
        return all(w in text for w in self.words)


class CohortView(QWidget):
    _fetched = Signal(object)  # emitted by the LRS worker thread; handled on the GUI thread

    def __init__(self, parent: QWidget | None = None, store: SessionStore | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.store = store  # the sessions on this computer, read when the view opens
        self._fetched.connect(self._on_fetched)
        self.setObjectName("page")
        self.setWindowTitle("Cohort results")
        fit_to_screen(self, 1180, 760)  # never wider or taller than the screen
        self.data = cohort.Cohort([], [])
        self.rows: list[cohort.ItemRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        QShortcut(QKeySequence.StandardKey.Close, self, activated=self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)
        hands_keyboard_back(self)
        layout.addWidget(label("Cohort results", "title"))
        self.summary = label("The finished sessions on this computer; import the result files your "
                             "trainees exported (CSV, JSON or xAPI) or read the learning record store "
                             "to add more.", "muted")
        layout.addWidget(self.summary)
        self.problems = label("", "critical")
        self.problems.hide()
        layout.addWidget(self.problems)

        # two rows, so the window fits a small screen at large text: where the results come
        # from (and where they go), then the filters
        source_buttons = []
        self.local_button = QPushButton("Sessions on this &computer")
        self.local_button.setToolTip("Read the finished sessions saved on this computer again")
        self.local_button.clicked.connect(self.read_local)
        self.import_button = QPushButton("&Import result files…")
        self.import_button.clicked.connect(self._ask_files)
        bar = QHBoxLayout()
        trainee_label = QLabel("&Trainee")
        self.trainee_box = QComboBox()
        self.trainee_box.setAccessibleName("Trainee filter")
        self.trainee_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.trainee_box.setMinimumContentsLength(12)
        trainee_label.setBuddy(self.trainee_box)
        self.trainee_box.currentIndexChanged.connect(lambda _i: self._count())
        bar.addWidget(trainee_label)
        bar.addWidget(self.trainee_box, 1)
        case_label = QLabel("C&ase")
        self.case_box = QComboBox()
        self.case_box.setAccessibleName("Case filter")
        self.case_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.case_box.setMinimumContentsLength(16)
        case_label.setBuddy(self.case_box)
        self.case_box.currentIndexChanged.connect(lambda _i: self._refilter())
        bar.addWidget(case_label)
        bar.addWidget(self.case_box, 1)
        find_label = QLabel("&Find")
        self.find = QLineEdit()
        self.find.setPlaceholderText("guidance id, item or domain")
        self.find.setClearButtonEnabled(True)
        self.find.setAccessibleName("Filter text")
        find_label.setBuddy(self.find)
        self.find.textChanged.connect(lambda _t: self._refilter())
        bar.addWidget(find_label)
        bar.addWidget(self.find, 1)
        self.lrs_button = QPushButton("Read from the &LRS")
        self.lrs_button.setToolTip(
            "Fetch every attempt from the learning record store set up in the Records menu"
        )
        self.lrs_button.clicked.connect(self.read_lrs)
        self.export_button = QPushButton("&Export table…")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self._ask_export)
        for button in (self.local_button, self.import_button, self.lrs_button, self.export_button):
            holder = QVBoxLayout()
            holder.addWidget(button)
            source_buttons.append((holder, 0))
        sources = QHBoxLayout()
        sources.addWidget(FlowColumns(source_buttons), 1)  # one row while they fit
        layout.addLayout(sources)
        layout.addLayout(bar)

        self.model = QStandardItemModel(0, len(cohort.TABLE_COLUMNS))
        self.model.setHorizontalHeaderLabels([two_lines(c) for c in cohort.TABLE_COLUMNS])
        self.proxy = _Filter()
        self.proxy.setSourceModel(self.model)
        self.table = _ItemTable()
        self.table.setTabKeyNavigation(False)  # Tab moves on to the next control; arrows move between cells
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Rubric items by how often they were missed")
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        # the whole table across the window, no sideways scrolling: the counts and ids as wide as
        # they need, the rubric item takes the rest (_ItemTable) and the case a short start (the
        # Case filter names it; each cell is whole in its tooltip)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ITEM_COLUMN, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(CASE_COLUMN, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(CASE_COLUMN, header.fontMetrics().averageCharWidth() * 16)
        header.setStretchLastSection(False)
        for column in FOLDED_COLUMNS:
            self.table.setColumnHidden(column, True)

        import pyqtgraph as pg

        pg.setConfigOptions(
            antialias=True, background=colour("plot.background"), foreground=colour("plot.text")
        )
        def bar_chart(name: str, axis: str) -> pg.PlotWidget:
            chart = plot_widget()
            chart.setAccessibleName(name)
            chart.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a picture, not a control: Tab passes it
            chart.setMouseEnabled(x=False, y=False)
            chart.setLabel("bottom", axis)
            chart.setMinimumHeight(110)
            follow_text_size([chart.getPlotItem()], left_width=230)  # room for "name (NN%)" labels
            return chart

        self.chart = bar_chart("Most-missed guidance points chart",
                               "Missed, % of the checks that apply the guidance")
        self.item_chart = bar_chart("Most-missed rubric items chart",
                                    "Missed, % of the attempts it applied to")
        self.chart_caption = label("", "muted")

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        chart_box = QWidget()
        cv = QVBoxLayout(chart_box)
        cv.setContentsMargins(0, 6, 0, 0)
        self.charts = QTabWidget()
        self.charts.addTab(self.chart, "By &guidance point")
        self.charts.addTab(self.item_chart, "By rubric &item")
        cv.addWidget(self.charts, 1)
        cv.addWidget(self.chart_caption)
        split.addWidget(chart_box)
        from simulator.ui.widgets.gain_chart import GainChart

        # the check before and after, per guidance point: a third tab beside the two charts, so
        # the window still fits a small screen
        self.gain_chart = GainChart()
        self.charts.addTab(self.gain_chart, "Check &before and after")
        split.setChildrenCollapsible(False)
        self.table.setMinimumHeight(90)
        split.setStretchFactor(1, 1)
        split.setSizes([260, 420])  # the charts tall enough to read each bar's name
        layout.addWidget(split, 1)

    # ---------------------------------------------------------------- data

    def read_local(self) -> None:
        """Add the finished sessions saved on this computer (the store the app saves in)."""
        if self.store is None:
            return
        from simulator.control.results import stored_records

        try:
            records, skipped = stored_records(self.store)
        except StoreError as exc:
            self.add(cohort.Cohort([], [f"the sessions on this computer: {exc}"]))
            return
        self.add(cohort.Cohort(records, [f"a saved session ({s.reason})" for s in skipped]))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.store is not None and not getattr(self, "_read_local", False):
            self._read_local = True  # the local sessions, the first time the view opens
            self.read_local()

    def import_files(self, paths: list[str]) -> None:
        """Add the attempts in ``paths`` to the cohort (the same attempt twice counts once)."""
        self.add(cohort.load(paths))

    def read_lrs(self):
        """Fetch the statements of the configured LRS in a worker thread; returns the thread."""
        import threading

        from simulator.records.outbox import SendError, fetch_statements
        from simulator.ui.lrs_sync import lrs_config

        config = lrs_config()
        if config is None:
            self.problems.setText("No learning record store is set up (Records ▸ Learning record store…).")
            self.problems.show()
            return None
        self.lrs_button.setEnabled(False)
        self.summary.setText("Reading results from the learning record store…")

        def work() -> None:
            try:
                result = cohort.from_statements(fetch_statements(config))
            except (SendError, StoreError) as exc:
                result = cohort.Cohort([], [f"the learning record store: {exc}"])
            except Exception as exc:
                result = cohort.Cohort(
                    [], [f"the learning record store could not be read ({type(exc).__name__})"]
                )
            self._fetched.emit(result)

        thread = threading.Thread(target=work, name="lrs-fetch", daemon=True)
        thread.start()
        return thread

    @Slot(object)
    def _on_fetched(self, result: cohort.Cohort) -> None:
        self.lrs_button.setEnabled(True)
        self.add(result)

    def add(self, more: cohort.Cohort) -> None:
        self.data = cohort.merge(self.data, more)
        self.summary.setText(
            self.data.summary() if self.data.records else "No finished attempts yet."
        )
        self.problems.setText("\n".join(f"Not imported: {p}" for p in self.data.problems[-5:]))
        self.problems.setVisible(bool(self.data.problems))
        self.trainee_box.blockSignals(True)
        current = self.trainee_box.currentData()
        self.trainee_box.clear()
        self.trainee_box.addItem("All trainees", None)
        for name in sorted(self.data.trainees):
            self.trainee_box.addItem(name or "Not recorded", name)
        self.trainee_box.setCurrentIndex(max(self.trainee_box.findData(current), 0))
        self.trainee_box.blockSignals(False)
        self._count()

    def _count(self) -> None:
        """Count the items over the attempts of the chosen trainee (or everyone)."""
        trainee = self.trainee_box.currentData()
        records = [r for r in self.data.records
                   if trainee is None or str(r.get("trainee") or "") == trainee]
        self.rows = cohort.item_rows(records)
        self._fill()

    def _fill(self) -> None:
        self.model.setRowCount(0)
        for row in self.rows:
            cells = []
            for column, value in enumerate(cohort.table_cells(row)):
                text = str(value)
                if column == PERCENT_COLUMN:
                    text = f"{value}% ({row.missed} of {row.attempts})"
                item = QStandardItem(text)
                item.setData(value if isinstance(value, int) else str(value).casefold(), SORT_ROLE)
                item.setToolTip("\n".join(filter(None, (text, f"Domain: {row.domain}", row.source)))
                                if column == ITEM_COLUMN else text)
                cells.append(item)
            cells[0].setData(row, ROW_ROLE)
            self.model.appendRow(cells)
        self.case_box.blockSignals(True)
        current = self.case_box.currentData()
        self.case_box.clear()
        self.case_box.addItem("All cases", "")
        for scenario, title in sorted(self.data.cases.items(), key=lambda kv: kv[1]):
            self.case_box.addItem(title, scenario)
        index = self.case_box.findData(current)
        self.case_box.setCurrentIndex(max(index, 0))
        self.case_box.blockSignals(False)
        self.table.sortByColumn(PERCENT_COLUMN, Qt.SortOrder.DescendingOrder)
        self.export_button.setEnabled(bool(self.rows))
        self._refilter()

    def _refilter(self) -> None:
        self.proxy.set_filter(self.case_box.currentData() or "", self.find.text())
        self._draw_chart()
        case = self.case_box.currentData() or ""
        self.gain_chart.show_records([r for r in self.data.records if not case or r.get("scenario") == case])

    def visible_rows(self) -> list[cohort.ItemRow]:
        """The item rows as the table shows them now (filtered and sorted)."""
        return [self.proxy.data(self.proxy.index(r, 0), ROW_ROLE) for r in range(self.proxy.rowCount())]

    def chart_bars(self) -> list[tuple[str, float]]:
        """(guidance id, missed %) of the bars drawn, most missed first."""
        return [
            (g.guidance, round(100 * g.miss_rate))
            for g in cohort.guidance_rows(self.visible_rows())[:CHART_TOP]
        ]

    def item_bars(self) -> list[tuple[str, float]]:
        """(rubric item, missed %) of the per-item chart, most missed first."""
        return [(row.title, round(100 * row.miss_rate)) for row in self.visible_rows()[:CHART_TOP]]

    def _draw_chart(self) -> None:
        bars = self.chart_bars()
        _draw_bars(self.chart, bars)
        _draw_bars(self.item_chart, [(title if len(title) <= 32 else title[:31] + "…", p)
                                     for title, p in self.item_bars()])
        if not bars:
            self.chart_caption.setText("Nothing to chart yet.")
            return
        self.chart_caption.setText(
            "; ".join(f"{g}: missed in {p}% of checks" for g, p in bars[:3]) + (" …" if len(bars) > 3 else "")
        )

    # ---------------------------------------------------------------- files

    def _ask_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import result files", documents_folder(),
            "Result files (*.csv *.json *.xapi);;All files (*)"
        )
        if paths:
            self.import_files(paths)

    def export_table(self, path: str) -> bool:
        try:
            cohort.write_table(self.visible_rows(), path)
        except ResultsError as exc:
            QMessageBox.warning(self, "Table not saved", str(exc))
            return False
        return True

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export table", in_documents("cohort-items.csv"),
                                              "CSV (*.csv)")
        if path:
            self.export_table(path)


class _ItemTable(QTableView):
    """The cohort's table: the rubric item takes the room the other columns leave, and never less
    than about 24 characters. At 150% text the other columns can take the whole width; the table
    then scrolls sideways rather than squeeze the item, the column that matters, to "A…"."""

    LEAST_ITEM_CHARS = 24

    def __init__(self) -> None:
        super().__init__()
        self.horizontalHeader().sectionResized.connect(self._resized)

    def _resized(self, column: int, _old: int, _new: int) -> None:
        if column != ITEM_COLUMN:  # another column fitted its new contents or text size
            self.fit_item()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_item()

    def fit_item(self) -> None:
        header = self.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(header.count())
                     if c != ITEM_COLUMN and not header.isSectionHidden(c))
        least = self.fontMetrics().averageCharWidth() * self.LEAST_ITEM_CHARS
        header.resizeSection(ITEM_COLUMN, max(self.viewport().width() - others, least))


def _draw_bars(chart, bars: list[tuple[str, float]]) -> None:
    """Horizontal bars, most missed on top, each named with its percentage on the left axis."""
    import pyqtgraph as pg

    chart.clear()
    if not bars:
        return
    ys = list(range(len(bars)))[::-1]
    item = pg.BarGraphItem(x0=0, y=ys, height=0.6, width=[max(p, 0.5) for _, p in bars],
                           brush=colour("plot.bar"), pen=colour("plot.frame"))  # fmt: skip
    chart.addItem(item)
    chart.getAxis("left").setTicks([[(y, f"{g} ({p}%)") for y, (g, p) in zip(ys, bars, strict=True)]])
    chart.setXRange(0, 100)
    chart.setYRange(-0.6, len(bars) - 0.4)
