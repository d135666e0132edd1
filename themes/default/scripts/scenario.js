/* coursebuilder player, scenario.js: branching scenarios in the page (builder's scenario.html.j2:
   every node is there, hidden but one; each choice a button whose data-goto is the index of the
   node it leads to, its consequence hidden beside it). The path, one character per choice made,
   is CB.state.scenarios[index] (codec.js saves it); it is never graded and records nothing in the
   LMS. After a choice, the consequence and the new node show and the focus moves to them; the
   choices made so far are listed; "Restart scenario" clears the path. A path past the scenario's
   cap (data-max, 2 x its nodes) has its rounds of loops cut out, so it visits each node once. */
(function (CB) {
  "use strict";

  var KEYS = "abcdefghijklmnopqrstuvwxyz0123456789";

  function nodesOf(box) { return box.querySelectorAll(".scenario-node"); }

  function choicesOf(node) { return node.querySelectorAll("button.scenario-choice"); }

  /* The nodes a path goes through, from the start; null when it no longer fits the scenario. */
  function walk(box, path) {
    var nodes = nodesOf(box), at = [+box.getAttribute("data-start")];
    for (var i = 0; i < path.length; i++) {
      var buttons = choicesOf(nodes[at[i]]), k = KEYS.indexOf(path.charAt(i));
      if (k < 0 || k >= buttons.length) return null;
      at.push(+buttons[k].getAttribute("data-goto"));
    }
    return at;
  }

  /* The same walk without its rounds: back to a node already visited, the choices between go. */
  function withoutLoops(box, path) {
    var at = walk(box, path), kept = "", visited = [at[0]];
    for (var i = 0; i < path.length; i++) {
      var back = visited.indexOf(at[i + 1]);
      if (back >= 0) { visited.length = back + 1; kept = kept.slice(0, back); }
      else { visited.push(at[i + 1]); kept += path.charAt(i); }
    }
    return kept;
  }

  function show(box, path, focus) {
    var nodes = nodesOf(box), at = walk(box, path), current = at[at.length - 1];
    for (var n = 0; n < nodes.length; n++) nodes[n].hidden = n !== current;
    var said = box.querySelector(".scenario-consequence"), last = null;
    if (path) last = choicesOf(nodes[at[at.length - 2]])[KEYS.indexOf(path.charAt(path.length - 1))];
    var source = last && last.parentNode.querySelector(".scenario-said");
    said.innerHTML = source ? source.innerHTML : ""; // the builder's HTML, from the same page
    said.hidden = !source;
    var list = box.querySelector(".scenario-path ol");
    list.textContent = "";
    for (var i = 0; i < path.length; i++) {
      var item = document.createElement("li");
      item.textContent = choicesOf(nodes[at[i]])[KEYS.indexOf(path.charAt(i))].textContent;
      list.appendChild(item);
    }
    box.querySelector(".scenario-path").hidden = !path;
    box.querySelector(".scenario-restart").hidden = !path;
    if (focus) box.querySelector(".scenario-step").focus();
  }

  function keep(box, path) {
    var index = box.getAttribute("data-scenario");
    if (path) CB.state.scenarios[index] = path; else delete CB.state.scenarios[index];
    if (!CB.storage.finished()) CB.storage.save(true);
  }

  /* Every scenario of a screen not wired yet: its saved path shown (dropped if it no longer fits). */
  function wire(section) {
    var boxes = section.querySelectorAll(".scenario");
    for (var i = 0; i < boxes.length; i++) if (!boxes[i].__wired) wireScenario(boxes[i]);
  }

  function wireScenario(box) {
    box.__wired = true;
    var path = CB.state.scenarios[box.getAttribute("data-scenario")] || "";
    if (!walk(box, path)) { path = ""; keep(box, path); }
    show(box, path, false);
    box.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("button");
      if (!button || !box.contains(button)) return;
      if (button.classList.contains("scenario-restart")) path = "";
      else if (button.classList.contains("scenario-choice")) {
        var node = button.closest(".scenario-node"), buttons = choicesOf(node);
        path += KEYS.charAt(Array.prototype.indexOf.call(buttons, button));
        if (path.length > +box.getAttribute("data-max")) path = withoutLoops(box, path);
      } else return;
      show(box, path, true);
      keep(box, path);
    });
  }

  CB.scenario = { wire: wire };
})(window.CB = window.CB || {});
