"""Questions to the teaching team: private or shared, honestly anonymous."""
