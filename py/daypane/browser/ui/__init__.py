"""DOM views, one per region of index.html. They draw what the controller gives them and pass
user actions back to it; none of them decides anything about data."""
