// Branching on the survey page: a question with data-show-if-key is shown only while the earlier question
// it names has one of the answers in data-show-if-values. Without JavaScript every question shows and the
// server keeps only the answers to the questions the respondent's own answers lead to.
(function () {
  "use strict";

  function answersOf(form, key) {
    const values = [];
    form.querySelectorAll('[name="q-' + key + '"]').forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
      if (input.value !== "") values.push(input.value);
    });
    return values;
  }

  function update(form) {
    const visible = {};
    form.querySelectorAll("fieldset.question").forEach(function (question) {
      const key = question.dataset.key;
      const parent = question.dataset.showIfKey;
      let shown = true;
      if (parent) {
        const wanted = question.dataset.showIfValues.split("|");
        shown = visible[parent] === true && answersOf(form, parent).some(function (value) {
          return wanted.indexOf(value) !== -1;
        });
      }
      question.hidden = !shown;
      visible[key] = shown;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const form = document.querySelector("form.survey-form");
    if (!form) return;
    form.addEventListener("change", function () { update(form); });
    update(form);
  });
})();
