"""Scale-out batch jobs."""
