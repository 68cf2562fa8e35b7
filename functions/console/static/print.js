// The printable documents' "Cetak" button: the browser's print dialog (the page's @media print
// rules leave the document alone on the paper).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
