"""Planning: what a build publishes — discover the inputs, verify them, check names and
places; nothing here renders or writes."""
