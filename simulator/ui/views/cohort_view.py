"""The instructor's cohort view: which guidance points a cohort misses most.

Import result files exported by trainees (CSV, JSON or xAPI: ``python -m simulator export`` or
the LRS), then read one row per case and rubric item: how many attempts missed it, how many
made it a critical error, how many trainees. The table sorts by any column and filters by
case and by text; the chart shows the most-missed guidance points of what is filtered; the
table exports as CSV. All counting is :mod:`simulator.records.cohort`.
"""

from __future__ import annotations

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
    QVBoxLayout,
    QWidget,
)

from simulator.records import cohort
from simulator.records.export import ResultsError
from simulator.records.store import StoreError
from simulator.ui.palette import colour
from simulator.ui.views.common import label

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
CHART_TOP = 10
PERCENT_COLUMN = cohort.TABLE_COLUMNS.index("Missed %")


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
        model = self.sourceModel()
        row: cohort.ItemRow = model.item(source_row, 0).data(ROW_ROLE)
        if self.case and row.scenario != self.case:
            return False
        text = " ".join(str(c) for c in cohort.table_cells(row)).casefold()
        return all(w in text for w in self.words)


class CohortView(QWidget):
    _fetched = Signal(object)  # emitted by the LRS worker thread; handled on the GUI thread

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._fetched.connect(self._on_fetched)
        self.setObjectName("page")
        self.setWindowTitle("Cohort results")
        self.resize(1180, 760)
        self.data = cohort.Cohort([], [])
        self.rows: list[cohort.ItemRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        QShortcut(QKeySequence.StandardKey.Close, self, activated=self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)
        layout.addWidget(label("Cohort results", "title"))
        self.summary = label("Import the result files your trainees exported (CSV, JSON or xAPI).", "muted")
        layout.addWidget(self.summary)
        self.problems = label("", "critical")
        self.problems.hide()
        layout.addWidget(self.problems)

        bar = QHBoxLayout()
        self.import_button = QPushButton("&Import result files…")
        self.import_button.clicked.connect(self._ask_files)
        bar.addWidget(self.import_button)
        case_label = QLabel("&Case")
        self.case_box = QComboBox()
        self.case_box.setAccessibleName("Case filter")
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
        bar.addWidget(self.lrs_button)
        self.export_button = QPushButton("&Export table…")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self._ask_export)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)

        self.model = QStandardItemModel(0, len(cohort.TABLE_COLUMNS))
        self.model.setHorizontalHeaderLabels(list(cohort.TABLE_COLUMNS))
        self.proxy = _Filter()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Rubric items by how often they were missed")
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)

        import pyqtgraph as pg

        pg.setConfigOptions(
            antialias=True, background=colour("plot.background"), foreground=colour("plot.text")
        )
        self.chart = pg.PlotWidget()
        self.chart.setAccessibleName("Most-missed guidance points chart")
        self.chart.setMenuEnabled(False)
        self.chart.setMouseEnabled(x=False, y=False)
        self.chart.setLabel("bottom", "Missed, % of the checks that apply the guidance")
        self.chart.setMinimumHeight(220)
        self.chart.getAxis("left").setWidth(230)  # room for "guidance.id (NN%)" labels
        self.chart_caption = label("", "muted")

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        chart_box = QWidget()
        cv = QVBoxLayout(chart_box)
        cv.setContentsMargins(0, 6, 0, 0)
        cv.addWidget(label("Guidance points missed most", "section"))
        cv.addWidget(self.chart, 1)
        cv.addWidget(self.chart_caption)
        split.addWidget(chart_box)
        from simulator.ui.widgets.gain_chart import GainChart

        self.gain_chart = GainChart()  # the check before and after, per guidance point
        split.addWidget(self.gain_chart)
        split.setSizes([400, 260, 260])
        layout.addWidget(split, 1)

    # ---------------------------------------------------------------- data

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
        self.rows = cohort.item_rows(self.data.records)
        self.summary.setText(
            self.data.summary() if self.data.records else "No finished attempts in those files."
        )
        self.problems.setText("\n".join(f"Not imported: {p}" for p in self.data.problems[-5:]))
        self.problems.setVisible(bool(self.data.problems))
        self._fill()

    def _fill(self) -> None:
        self.model.setRowCount(0)
        for row in self.rows:
            cells = []
            for column, value in enumerate(cohort.table_cells(row)):
                item = QStandardItem(f"{value}%" if column == PERCENT_COLUMN else str(value))
                item.setData(value if isinstance(value, int) else str(value).casefold(), SORT_ROLE)
                item.setToolTip(str(value))
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
        self.table.resizeColumnsToContents()
        for column in (0, 1):  # long text: capped, the full text is in the tooltip
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 300))
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

    def _draw_chart(self) -> None:
        import pyqtgraph as pg

        self.chart.clear()
        bars = self.chart_bars()
        if not bars:
            self.chart_caption.setText("Nothing to chart yet.")
            return
        ys = list(range(len(bars)))[::-1]
        item = pg.BarGraphItem(x0=0, y=ys, height=0.6, width=[max(p, 0.5) for _, p in bars],
                               brush=colour("plot.bar"), pen=colour("plot.frame"))  # fmt: skip
        self.chart.addItem(item)
        self.chart.getAxis("left").setTicks(
            [[(y, f"{g} ({p}%)") for y, (g, p) in zip(ys, bars, strict=True)]]
        )
        self.chart.setXRange(0, 100)
        self.chart.setYRange(-0.6, len(bars) - 0.4)
        self.chart_caption.setText(
            "; ".join(f"{g}: missed in {p}% of checks" for g, p in bars[:3]) + (" …" if len(bars) > 3 else "")
        )

    # ---------------------------------------------------------------- files

    def _ask_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import result files", "", "Result files (*.csv *.json *.xapi);;All files (*)"
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
        path, _ = QFileDialog.getSaveFileName(self, "Export table", "cohort-items.csv", "CSV (*.csv)")
        if path:
            self.export_table(path)
