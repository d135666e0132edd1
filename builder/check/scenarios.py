"""Branching scenarios whose graph would trap or lose a learner: nodes nothing reaches, nodes with
nothing to do, loops with no way to an ending (the graph: builder/scenario_graph.py). A `goto` to
an unknown node is the loader's: the player could not follow it."""
from __future__ import annotations

from ..scenario_graph import dead_ends, loops_without_exit, reachable
from .context import Context
from .registry import Finding, rule


@rule("scenario-unreachable")
def unreachable_nodes(ctx: Context):
    """A node that no path from the scenario's start reaches."""
    for scenario in ctx.course.scenarios.values():
        reached = reachable(scenario)
        for node in scenario.nodes:
            if node.id not in reached:
                yield Finding(f"scenario '{scenario.id}': node '{node.id}' cannot be reached from the start "
                              f"'{scenario.start}'", node.ref,
                              f"add a choice with 'goto: {node.id}' to a node that is reached, or delete it")


@rule("scenario-dead-end")
def nodes_without_a_way_on(ctx: Context):
    """A node with neither choices nor an ending."""
    for scenario in ctx.course.scenarios.values():
        for node in dead_ends(scenario):
            yield Finding(f"scenario '{scenario.id}': node '{node.id}' has no choices and is not an ending, so the "
                          "learner is stuck there", node.ref,
                          "add 'choices:' that lead on, or make it an ending with 'ending: <a short title>'")


@rule("scenario-no-exit")
def loops_without_an_ending(ctx: Context):
    """A loop the start reaches from which no ending can be reached."""
    for scenario in ctx.course.scenarios.values():
        for nodes in loops_without_exit(scenario):
            names = ", ".join(f"'{node.id}'" for node in nodes)
            yield Finding(f"scenario '{scenario.id}': nodes {names} form a loop with no way to an ending",
                          nodes[0].ref, "give a node of the loop a choice that leads towards an ending")
