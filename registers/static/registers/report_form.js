// Drafts kept while typing: what is typed in a report form is kept in the
// browser as it is typed, and brought back if the page is opened again
// before it was saved (a phone that lost its signal, a tab closed by
// mistake). When the phone leaves the page with something not yet saved
// (another app, the screen locked), the draft is saved on the server too,
// as if "Keep the draft" had been tapped. Leaving by a button of the form
// saves nothing extra. The kept copy is brought back only over what it was
// typed over (``data-draft-base``, a token of what the server holds): once
// the server holds something else (typed elsewhere), it is dropped.
(function () {
    "use strict";
    const form = document.querySelector("form[data-draft-key]");
    if (!form || !window.localStorage) {
        return;
    }
    const key = "liuhen-report-draft:" + form.dataset.draftKey;
    const fields = () => Array.from(form.querySelectorAll("textarea, input[type=text]"));
    const snapshot = () => JSON.stringify(Object.fromEntries(fields().map((field) => [field.name, field.value])));
    const initial = snapshot();
    let base = form.dataset.draftBase; // what the server holds, as far as this page knows
    let saved = initial;
    let leaving = false;

    function keep() {
        const now = snapshot();
        if (now === saved) {
            localStorage.removeItem(key);
        } else {
            localStorage.setItem(key, JSON.stringify({base: base, values: now}));
        }
    }

    let kept = null;
    try {
        kept = JSON.parse(localStorage.getItem(key));
    } catch (error) {
        kept = null;
    }
    if (!kept || kept.base !== base || kept.values === initial) {
        localStorage.removeItem(key);
    } else if (!form.querySelector(".errorlist")) {
        const values = JSON.parse(kept.values);
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
        const now = snapshot();
        if (form.dataset.draftSaves !== "true" || now === saved) {
            return;
        }
        const data = new FormData(form);
        data.append("draft", "1");
        fetch(form.action || window.location.href, {
            method: "POST",
            body: data,
            keepalive: true,
            credentials: "same-origin",
            headers: {"X-Liuhen-Draft": "1"},
        })
            .then((response) => (response.ok ? response.json() : null))
            .then((answer) => {
                if (answer) {
                    base = answer.base;
                    saved = now;
                    keep();
                }
            })
            .catch(() => {});
    });
})();
