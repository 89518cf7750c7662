"""Press releases (siaran pers): the office registers them; Pantau finds the outlets that carried
them (``registry.py`` keeps them in the office database, ``pickups.py`` finds the pickups)."""
