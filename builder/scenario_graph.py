"""The shape of a branching scenario as a graph: which nodes the start reaches, which are dead
ends, and which loops have no way out. Read by the rules of `check` (builder/check/scenarios.py)
and by nothing that changes the model."""
from __future__ import annotations

from collections.abc import Iterator

from .model import Node, Scenario


def _edges(scenario: Scenario) -> dict[str, list[str]]:
    known = {node.id for node in scenario.nodes}
    return {node.id: [c.goto for c in node.choices if c.goto in known] for node in scenario.nodes}


def reachable(scenario: Scenario) -> set[str]:
    """Node ids on some path from the start."""
    edges = _edges(scenario)
    seen: set[str] = set()
    todo = [scenario.start] if scenario.start in edges else []
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(edges[node])
    return seen


def dead_ends(scenario: Scenario) -> list[Node]:
    """Nodes with neither choices nor an ending: nothing to do there, and no debrief."""
    return [node for node in scenario.nodes if not node.choices and node.ending is None]


def loops_without_exit(scenario: Scenario) -> list[list[Node]]:
    """Each loop (nodes that lead to each other) that the start reaches and from which no node
    without choices (an ending, or a dead end: reported as such) can be reached; its nodes in
    file order."""
    edges = _edges(scenario)
    by_id = {node.id: node for node in scenario.nodes}
    backward: dict[str, list[str]] = {node: [] for node in edges}
    for node, targets in edges.items():
        for target in targets:
            backward[target].append(node)
    can_stop = {node for node, targets in edges.items() if not by_id[node].choices}
    todo = list(can_stop)
    while todo:
        for before in backward[todo.pop()]:
            if before not in can_stop:
                can_stop.add(before)
                todo.append(before)
    trapped = reachable(scenario) - can_stop
    order = [node.id for node in scenario.nodes]
    loops = []
    for component in _components({n: [t for t in edges[n] if t in trapped] for n in trapped}):
        first = component[0]
        if len(component) > 1 or first in edges[first]:
            loops.append(sorted((by_id[n] for n in component), key=lambda node: order.index(node.id)))
    return sorted(loops, key=lambda nodes: order.index(nodes[0].id))


def _components(edges: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components (Kosaraju's, without recursion: a scenario may be long)."""
    finished: list[str] = []
    seen: set[str] = set()
    for root in sorted(edges):
        if root in seen:
            continue
        seen.add(root)
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(edges[root]))]
        while stack:
            node, targets = stack[-1]
            for target in targets:
                if target not in seen:
                    seen.add(target)
                    stack.append((target, iter(edges[target])))
                    break
            else:
                stack.pop()
                finished.append(node)
    backward: dict[str, list[str]] = {node: [] for node in edges}
    for node, goes_to in edges.items():
        for target in goes_to:
            backward[target].append(node)
    components = []
    assigned: set[str] = set()
    for root in reversed(finished):
        if root in assigned:
            continue
        component, todo = [], [root]
        assigned.add(root)
        while todo:
            node = todo.pop()
            component.append(node)
            for before in backward[node]:
                if before not in assigned:
                    assigned.add(before)
                    todo.append(before)
        components.append(component)
    return components
