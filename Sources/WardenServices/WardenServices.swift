// Services arrive with the exit monitor.
