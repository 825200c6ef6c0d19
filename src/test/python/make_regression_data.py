"""Writes the regression data sets under data/ (run from the project root with a Python that has numpy and
scikit-learn):

- data/friedman1.csv: Friedman's first test function (J. H. Friedman, "Multivariate Adaptive Regression Splines",
  Annals of Statistics 19(1), 1991): x1..x8 uniform on [0, 1], y = 10 sin(pi x1 x2) + 20 (x3 - 0.5)^2 + 10 x4 + 5 x5
  plus Gaussian noise of standard deviation 1; x6..x8 do not enter y. 1,000 rows from numpy's generator, seed 17.
- data/diabetes.csv: the diabetes data set of Efron, Hastie, Johnstone and Tibshirani ("Least Angle Regression",
  Annals of Statistics 32(2), 2004) as scikit-learn ships it (sklearn/datasets/data/diabetes_data_raw.csv.gz and
  diabetes_target.csv.gz, BSD 3-clause): 442 patients, 10 baseline variables in their original units and the disease
  progression one year later.
"""
import gzip
import os

import numpy as np
import sklearn.datasets


def friedman1(path, rows=1000, seed=17):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 1.0, size=(rows, 8))
    y = (10 * np.sin(np.pi * x[:, 0] * x[:, 1]) + 20 * (x[:, 2] - 0.5) ** 2 + 10 * x[:, 3] + 5 * x[:, 4]
         + rng.normal(0.0, 1.0, size=rows))
    with open(path, "w") as out:
        out.write(",".join(f"x{i + 1}" for i in range(8)) + ",y\n")
        for r in range(rows):
            out.write(",".join(f"{v:.6f}" for v in x[r]) + f",{y[r]:.6f}\n")


def diabetes(path):
    folder = os.path.join(os.path.dirname(sklearn.datasets.__file__), "data")
    with gzip.open(os.path.join(folder, "diabetes_data_raw.csv.gz"), "rt") as f:
        x = np.loadtxt(f)
    with gzip.open(os.path.join(folder, "diabetes_target.csv.gz"), "rt") as f:
        y = np.loadtxt(f)
    names = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6", "progression"]
    with open(path, "w") as out:
        out.write(",".join(names) + "\n")
        for r in range(len(y)):
            out.write(",".join(f"{v:g}" for v in x[r]) + f",{y[r]:g}\n")


if __name__ == "__main__":
    friedman1("data/friedman1.csv")
    diabetes("data/diabetes.csv")
