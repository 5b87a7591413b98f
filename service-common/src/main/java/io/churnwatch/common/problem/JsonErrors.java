package io.churnwatch.common.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;

/** Turns Jackson's errors into short, safe sentences and JSON pointers. */
public final class JsonErrors {

    private JsonErrors() {
    }

    public static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message != null && message.length() > 200) {
            message = message.substring(0, 200) + "…";
        }
        JsonLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 0) {
            return message;
        }
        return message + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    public static String pointer(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            pointer.append('/');
            pointer.append(reference.getFieldName() != null ? reference.getFieldName() : Integer.toString(reference.getIndex()));
        }
        return pointer.length() == 0 ? "/" : pointer.toString();
    }
}
