import gc

from app import create_app

app = create_app()

# Move everything loaded at start-up out of the garbage collector's view, so its full
# collections stay short and do not show up as slow requests. Each worker imports this.
gc.collect()
gc.freeze()
