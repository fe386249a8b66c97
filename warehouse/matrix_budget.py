"""A carbon budget for a whole `train-matrix`: before each cell, estimate it from the
warehouse and skip it when it would exceed what is left of the budget."""

from __future__ import annotations


class MatrixBudget:
    """`skip_reason` for `models_tf.matrix.run_matrix`. What is spent is the measured kg of
    the cells trained so far (their pre-run estimate when the measurement is missing)."""

    def __init__(self, budget_kg: float, cells, *, epochs=None, quick=False, db=None, runs=None):
        from warehouse import budget_marts
        from warehouse.commands.budgets import _open, _read

        self.budget_kg = budget_kg
        self.cells = cells
        self.epochs, self.quick, self.db = epochs, quick, db
        self.estimates: dict[int, float] = {}
        if runs is None:
            con = _open(db, missing_ok=True)
            runs = []
            if con is not None:
                try:
                    runs = _read(con, budget_marts.measured_runs)
                finally:
                    con.close()
        self.runs = runs

    def spent_kg(self) -> float:
        spent = 0.0
        for cell in self.cells:
            if cell.status != "ok":
                continue
            kg = (
                cell.emissions_kg if cell.emissions_kg is not None else self.estimates.get(id(cell))
            )
            spent += kg or 0.0
        return spent

    def __call__(self, cell) -> str | None:
        import typer

        from warehouse.commands.budgets import warehouse_estimate

        try:
            estimate, _prior = warehouse_estimate(
                self.db,
                cell.model,
                cell.country_code,
                cell.season,
                epochs=self.epochs,
                quick=self.quick,
                runs=self.runs,
            )
        except typer.Exit:
            return None  # no estimate possible: train it (the budget cannot judge it)
        self.estimates[id(cell)] = estimate.emissions_kg
        left = self.budget_kg - self.spent_kg()
        if estimate.emissions_kg > left:
            return (
                f"estimated {estimate.emissions_kg:.4g} kg ({estimate.source}) exceeds the "
                f"{max(left, 0):.4g} kg left of the {self.budget_kg:g} kg budget"
            )
        return None
