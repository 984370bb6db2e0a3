"""The papers an evaluation office prints: score sheets, council minutes, the round's result list and the
draft decision with its annex, as PDF in the layout of Vietnamese administrative documents (Nghị định
30/2020/NĐ-CP: issuing body top left, national motto top right, number, place and date), and the lists
as Excel workbooks.

`content` reads what each paper shows (a handful of queries per paper, none per row), `layout` draws the
parts every paper shares on the platform's PDF writer (ocop.certificates.pdf: fpdf2 with the shipped
DejaVu Serif, embedded and subset), `documents` sets the four papers and `workbooks` the two lists.
The papers are official documents: Vietnamese whatever language the page is in.
"""
