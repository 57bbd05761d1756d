// Drafts kept while typing: what is typed in a report form is kept in the
// browser as it is typed, and brought back if the page is opened again
// before it was saved (a phone that lost its signal, a tab closed by
// mistake). When the phone leaves the page with a draft not yet kept
// (another app, the screen locked), the draft is saved on the server too,
// as if "Keep the draft" had been tapped. Leaving by a button of the form
// saves nothing extra, and the kept copy is dropped once the server has it.
(function () {
    "use strict";
    const form = document.querySelector("form[data-draft-key]");
    if (!form || !window.localStorage) {
        return;
    }
    const key = "liuhen-report-draft:" + form.dataset.draftKey;
    const fields = () => Array.from(form.querySelectorAll("textarea, input[type=text]"));
    const snapshot = () => Object.fromEntries(fields().map((field) => [field.name, field.value]));
    const initial = JSON.stringify(snapshot());
    let leaving = false;

    function keep() {
        const now = JSON.stringify(snapshot());
        if (now === initial) {
            localStorage.removeItem(key);
        } else {
            localStorage.setItem(key, now);
        }
    }

    const kept = localStorage.getItem(key);
    if (kept && kept !== initial && !form.querySelector(".errorlist")) {
        const values = JSON.parse(kept);
        let restored = false;
        for (const field of fields()) {
            if (field.name in values && values[field.name] !== field.value) {
                field.value = values[field.name];
                restored = true;
            }
        }
        const note = form.querySelector(".report-form__restored");
        if (restored && note) {
            note.hidden = false;
        }
    }

    let timer = null;
    form.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(keep, 300);
    });
    form.addEventListener("submit", () => {
        leaving = true;
        localStorage.removeItem(key);
    });
    document.addEventListener("visibilitychange", () => {
        if (document.visibilityState !== "hidden" || leaving) {
            return;
        }
        keep();
        if (form.dataset.draftSaves !== "true" || JSON.stringify(snapshot()) === initial) {
            return;
        }
        const data = new FormData(form);
        data.append("draft", "1");
        if (navigator.sendBeacon(form.action || window.location.href, data)) {
            localStorage.removeItem(key);
        }
    });
})();
