package io.datastream.client;

/** A failure of the DataStream client: cannot connect, refused by the server, or a request timed out. */
public class DataStreamException extends RuntimeException {

    public DataStreamException(String message) {
        super(message);
    }

    public DataStreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
