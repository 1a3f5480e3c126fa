// Confirmation for dangerous forms, and drag and drop on the pipeline board.
// Every action also works without this file: the board cards carry a plain form.
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  }, true);

  var dragged = null;

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest("[data-deal-card]");
    if (!card) return;
    dragged = card;
    card.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.moveUrl);
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    document.querySelectorAll(".drop-target").forEach(function (el) { el.classList.remove("drop-target"); });
  });

  document.addEventListener("dragover", function (event) {
    var column = event.target.closest && event.target.closest("[data-stage-column]");
    if (!column || !dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    document.querySelectorAll(".drop-target").forEach(function (el) {
      if (el !== column) el.classList.remove("drop-target");
    });
    column.classList.add("drop-target");
  });

  document.addEventListener("drop", function (event) {
    var column = event.target.closest && event.target.closest("[data-stage-column]");
    if (!column || !dragged) return;
    event.preventDefault();
    var board = column.closest("#board");
    var url = dragged.dataset.moveUrl;
    var body = new FormData();
    body.append("stage", column.dataset.stageId);
    if (column.dataset.stageLost === "true") {
      var reason = window.prompt(board.dataset.reasonPrompt || "");
      if (reason === null) return;
      body.append("lost_reason", reason);
    }
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" }
    }).then(function (response) {
      if (response.ok) {
        window.htmx ? window.htmx.trigger(board, "board-changed") : window.location.reload();
      } else {
        response.text().then(function (text) { window.alert(text); });
      }
    });
  });
})();
