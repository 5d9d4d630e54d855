# placeholder, replaced below
unit-build:
