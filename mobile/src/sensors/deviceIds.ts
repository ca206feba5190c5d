/** The device id under which the phone's own GPS records. */
export const GPS_DEVICE_ID = 'phone-gps';
