// The "Print" button of paper forms (no inline script: the CSP forbids it).
document.addEventListener("DOMContentLoaded", () => {
    for (const button of document.querySelectorAll("[data-print]")) {
        button.addEventListener("click", () => window.print());
    }
});
