/* coursebuilder resource page: the way back to the course. A page opened in a window of its own
   (a lesson's link opens it so: nothing to go back to) gets a Close button; one opened in the
   course's window, a button back to where the learner was. Without scripts, a link to the course. */
(function () {
  "use strict";
  var link = document.getElementById("back");
  if (!link) return;
  var alone = window.history.length <= 1, button = document.createElement("button");
  button.type = "button";
  button.id = "back";
  button.className = "back-link secondary";
  button.textContent = alone ? link.getAttribute("data-close") : link.textContent;
  button.addEventListener("click", function () { if (alone) window.close(); else window.history.back(); });
  link.parentNode.replaceChild(button, link);
})();
