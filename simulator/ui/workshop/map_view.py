"""The case map: a scenario's states and transitions drawn in layers, with the trainee's path.

Drawn with QGraphicsView from :func:`simulator.scenario.flowgraph.flow_graph`: one row per
layer (steps from the start), the start at the top, the debrief at the bottom. Hovering a state
or a transition shows what it is and its guard in words and as written. The steps visited so far
are filled and ticked, the transitions taken drawn thick, and the current step filled with the
accent colour and labelled "Now", so nothing depends on colour alone. Colours come from
:mod:`simulator.ui.palette` and follow the theme.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QFont, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsPolygonItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from simulator.engine.session import Session
from simulator.scenario.flowgraph import Edge, FlowGraph, Node, flow_graph
from simulator.scenario.models import Scenario
from simulator.ui.palette import colour
from simulator.ui.views.common import plain_tooltip

NODE_W, NODE_H = 178.0, 56.0
GAP_X, GAP_Y = 18.0, 60.0


def _elide(text: str, font: QFont, width: float) -> str:
    from PySide6.QtGui import QFontMetricsF

    return QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, width)


class NodeItem(QGraphicsRectItem):
    """One state: a rounded box with its title and, below, its phase and name."""

    def __init__(self, node: Node, rect: QRectF) -> None:
        super().__init__(rect)
        self.node = node
        self.visited = False
        self.current = False
        self.setAcceptHoverEvents(True)
        self.setToolTip(plain_tooltip(_node_tip(node)))
        self.title = QGraphicsSimpleTextItem(self)
        self.caption = QGraphicsSimpleTextItem(self)
        self.badge = QGraphicsSimpleTextItem(self)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, False)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(self.pen())
        painter.setBrush(self.brush())
        painter.drawRoundedRect(self.rect(), 8, 8)

    def style(self, font: QFont) -> None:
        """Colours and texts for the current theme and progress."""
        node, rect = self.node, self.rect()
        text = colour("plot.text")
        fill = colour("plot.background")
        pen = QPen(colour("plot.frame"), 1.5)
        if node.guarded_only:
            pen.setStyle(Qt.PenStyle.DashLine)
        if node.initial:
            pen.setWidthF(3)
        if node.dead_end:
            pen = QPen(colour("series.pain"), 3, Qt.PenStyle.DashDotLine)
        if self.visited:
            fill = colour("plot.band")
        if self.current:
            fill = colour("plot.bar")
            text = colour("plot.background")
            pen = QPen(colour("plot.text"), 3)
        self.setPen(pen)
        self.setBrush(QBrush(fill))
        bold = QFont(font)
        bold.setBold(True)
        mark = "✓ " if self.visited and not self.current else ""
        self.title.setFont(bold)
        self.title.setText(_elide(mark + node.label, bold, rect.width() - 16))
        self.title.setBrush(text)
        self.title.setPos(rect.left() + 8, rect.top() + 7)
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        self.caption.setFont(small)
        self.caption.setText(_elide(node.caption, small, rect.width() - 16))
        self.caption.setBrush(text)
        self.caption.setPos(rect.left() + 8, rect.top() + 31)
        badges = []
        if node.initial:
            badges.append("Start")
        if node.dead_end:
            badges.append("Dead end")
        if self.current:
            badges.append("Now")
        self.badge.setFont(bold)
        self.badge.setText(" · ".join(badges))
        self.badge.setBrush(colour("series.pain") if node.dead_end else colour("plot.text"))
        self.badge.setPos(rect.right() - self.badge.boundingRect().width(), rect.top() - 20)


def _node_tip(node: Node) -> str:
    lines = [node.label, f"{node.phase_label} step ({node.name})"]
    if node.initial:
        lines.append("The session starts here.")
    if node.decision:
        lines.append(f"Decision: {node.decision}")
    if node.dead_end:
        lines.append("Dead end: no transition leaves this step.")
    elif node.guarded_only:
        lines.append("Every way on from here has a condition (dashed border).")
    return "\n".join(lines)


def _edge_tip(edge: Edge, graph: FlowGraph) -> str:
    src, dst = graph.node(edge.source), graph.node(edge.dest)
    lines = [f"{src.label} → {dst.label}"]
    if edge.trigger != "advance":
        lines.append(f"Trigger: {edge.trigger}")
    if edge.guard:
        lines.append(f"When {edge.guard_text}")
        lines.append(f"As written: {edge.guard}")
    elif edge.guard_text == "otherwise":
        lines.append("Otherwise: when no earlier way on from this step holds.")
    else:
        lines.append("No condition.")
    if edge.blocked:
        lines.append(f"If it does not hold: {edge.blocked}")
    lines.append(f"Transition {edge.index + 1} in the file.")
    return "\n".join(lines)


class EdgeItem(QGraphicsPathItem):
    """One transition: a line (or a curve round the side) with an arrowhead; wide to hover."""

    def __init__(self, edge: Edge, path: QPainterPath, head: QPolygonF, tip: str) -> None:
        super().__init__(path)
        self.edge = edge
        self.taken = False
        self.setAcceptHoverEvents(True)
        self.setToolTip(plain_tooltip(tip))
        self.head = QGraphicsPolygonItem(head, self)
        self.setZValue(-1)

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(12)
        return stroker.createStroke(self.path())

    def style(self) -> None:
        pen = QPen(colour("plot.bar") if self.taken else colour("plot.muted"), 3.5 if self.taken else 1.4)
        if self.edge.guard_text == "otherwise" and not self.taken:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.setPen(pen)
        self.head.setPen(QPen(pen.color(), 1))
        self.head.setBrush(QBrush(pen.color()))


class CaseMap(QGraphicsView):
    """The map of one scenario; :meth:`set_progress` marks the path taken and the current step."""

    def __init__(self, scenario: Scenario | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Case map")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setScene(QGraphicsScene(self))
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.graph: FlowGraph | None = None
        self.nodes: dict[str, NodeItem] = {}
        self.edges: list[EdgeItem] = []
        self.visited: tuple[str, ...] = ()
        self.current: str | None = None
        self.horizontal = False
        """Layers as columns (left to right) instead of rows; chosen from the panel's shape."""
        self._fit = QTimer(self, singleShot=True, interval=0)
        self._fit.timeout.connect(self.fit)
        if scenario is not None:
            self.set_scenario(scenario)

    # ---------------------------------------------------------------- building

    def set_scenario(self, scenario: Scenario) -> None:
        """Draw ``scenario``'s flow (the progress marks are kept where the states still exist)."""
        self.graph = flow_graph(scenario)
        self._build()

    def _build(self) -> None:
        scene = self.scene()
        scene.clear()
        self.nodes, self.edges = {}, []
        graph = self.graph
        if graph is None:
            return
        layers = graph.layers()
        rows: dict[int, list[Node]] = {}
        for n in graph.nodes:
            rows.setdefault(layers[n.name], []).append(n)
        widest = max(len(r) for r in rows.values())
        across = self.horizontal
        step = (NODE_H + GAP_X) if across else (NODE_W + GAP_X)  # between states in one layer
        total = widest * step - GAP_X
        for layer, members in sorted(rows.items()):
            start = (total - (len(members) * step - GAP_X)) / 2
            for i, n in enumerate(members):
                if across:  # layers as columns, left to right
                    rect = QRectF(layer * (NODE_W + GAP_Y), start + i * step, NODE_W, NODE_H)
                else:  # layers as rows, top to bottom
                    rect = QRectF(start + i * step, layer * (NODE_H + GAP_Y), NODE_W, NODE_H)
                item = NodeItem(n, rect)
                scene.addItem(item)
                self.nodes[n.name] = item
        for e in graph.edges:
            path, head = self._route(e, layers)
            item = EdgeItem(e, path, head, _edge_tip(e, graph))
            scene.addItem(item)
            self.edges.append(item)
        self.restyle()
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-30, -30, 30, 30))
        self._fit.start()

    def _route(self, e: Edge, layers: dict[str, int]) -> tuple[QPainterPath, QPolygonF]:
        a, b = self.nodes[e.source].rect(), self.nodes[e.dest].rect()
        path = QPainterPath()
        forward = layers[e.dest] > layers[e.source]
        if forward and self.horizontal:
            start, end = QPointF(a.right(), a.center().y()), QPointF(b.left(), b.center().y())
            path.moveTo(start)
            bend = (end.x() - start.x()) / 2
            path.cubicTo(start + QPointF(bend, 0), end - QPointF(bend, 0), end)
            direction = QPointF(1, 0)
        elif forward:
            start, end = QPointF(a.center().x(), a.bottom()), QPointF(b.center().x(), b.top())
            path.moveTo(start)
            bend = (end.y() - start.y()) / 2
            path.cubicTo(start + QPointF(0, bend), end - QPointF(0, bend), end)
            direction = QPointF(0, 1)
        elif self.horizontal:  # a loop or a way back: round the underside
            start, end = QPointF(a.center().x(), a.bottom()), QPointF(b.center().x(), b.bottom())
            reach = max(a.bottom(), b.bottom()) + 30 + 6 * (e.index % 4)
            path.moveTo(start)
            path.cubicTo(QPointF(start.x(), reach), QPointF(end.x(), reach), end)
            direction = QPointF(0, -1)
        else:  # a loop or a way back up: round the right-hand side
            start, end = QPointF(a.right(), a.center().y()), QPointF(b.right(), b.center().y())
            reach = max(a.right(), b.right()) + 40 + 8 * (e.index % 4)
            path.moveTo(start)
            path.cubicTo(QPointF(reach, start.y()), QPointF(reach, end.y()), end)
            direction = QPointF(-1, 0)
        return path, _arrow(end, direction)

    # ---------------------------------------------------------------- progress

    def set_progress(self, visited: Sequence[str], current: str | None) -> None:
        """Mark the steps visited in order and the current one; the transitions taken follow."""
        self.visited, self.current = tuple(visited), current
        self.restyle()
        if current in self.nodes:
            self.ensureVisible(self.nodes[current], 40, 40)

    def restyle(self) -> None:
        font = self.font()
        seen = set(self.visited)
        taken = set(zip(self.visited, self.visited[1:], strict=False))
        for name, item in self.nodes.items():
            item.visited = name in seen
            item.current = name == self.current
            item.style(font)
            item.update()
        for item in self.edges:
            item.taken = (item.edge.source, item.edge.dest) in taken
            item.style()
        self.setBackgroundBrush(QBrush(colour("plot.background")))

    def fit(self) -> None:
        """Show the whole map if it fits at a readable size; otherwise scroll."""
        rect = self.scene().sceneRect()
        if rect.isEmpty() or self.viewport().width() < 10:
            return
        self.resetTransform()
        scale = min(self.viewport().width() / rect.width(), self.viewport().height() / rect.height())
        scale = max(0.7, min(1.0, scale))  # readable first; the view scrolls to the current step
        self.scale(scale, scale)
        if self.current in self.nodes:
            self.ensureVisible(self.nodes[self.current], 40, 40)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        wide = self.viewport().width() > 1.6 * max(1, self.viewport().height())
        if wide != self.horizontal and self.graph is not None:
            self.horizontal = wide  # a short, wide panel reads better left to right
            self._build()
        self._fit.start()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            if self.graph is not None:
                self.restyle()


def _arrow(tip: QPointF, direction: QPointF) -> QPolygonF:
    # a small triangle pointing along ``direction`` (a unit axis vector) with its point at ``tip``
    back = QPointF(-direction.x() * 10, -direction.y() * 10)
    side = QPointF(-direction.y() * 5, direction.x() * 5)
    return QPolygonF([tip, tip + back + side, tip + back - side])


LEGEND = (
    "✓ visited · “Now”: the current step · thick line: the way taken · dashed line: otherwise · "
    "dashed border: every way on has a condition · hover for conditions"
)


class CaseMapPanel(QWidget):
    """The map with its legend, following a session (in the preview or in a trainee's session)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.map = CaseMap()
        layout.addWidget(self.map, 1)
        self.legend = QLabel(LEGEND)
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.PlainText)
        self.legend.setProperty("role", "muted")
        layout.addWidget(self.legend)
        self.session: Session | None = None
        self._unsubscribe = None
        self._pending = QTimer(self, singleShot=True, interval=0)
        self._pending.timeout.connect(self.refresh)

    def follow(self, session: Session | None) -> None:
        """Draw ``session``'s case and keep its path up to date after every action."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.session = session
        if session is None:
            return
        self.map.set_scenario(session.scenario)  # a reload may have changed the flow
        self._unsubscribe = session.subscribe(lambda _event: self._pending.start())
        self.refresh()

    def refresh(self) -> None:
        if self.session is not None:
            self.map.set_progress(self.session.data.visited, self.session.state.name)

    def closeEvent(self, event) -> None:
        self.follow(None)
        super().closeEvent(event)
