package dev.margintopup.json;

/**
 * An event or item that cannot be acted on. Handlers report it as a clear error and move
 * nothing; its message is written for the person who sent the event.
 */
public class BadInput extends RuntimeException {

    public BadInput(String message) {
        super(message);
    }
}
