"""Custom Keras layers shared by the zoo's families; all are registered serialisable."""
