"""First names shared by the demo employees (operations/demo_transition.py) and the benchmark."""

GIVEN = [
    "Sofie",
    "Jan",
    "Lotte",
    "Tom",
    "Elke",
    "Pieter",
    "Nina",
    "Wim",
    "Lien",
    "Bart",
    "Fatima",
    "Youssef",
    "An",
    "Koen",
    "Ines",
    "Mehmet",
    "Sara",
    "Jonas",
    "Eva",
    "Dries",
]
