//! Any bytes as a response body, read as each kind of generated model (structs with required
//! and optional properties, `oneOf`, discriminated `oneOf`, `anyOf`, enums, arrays): decoding
//! returns a value or an error, never panics; a decoded value writes back without panicking.
#![no_main]

use features_client::features::models::{
    AdoptRequest, EventsPage, Label, Pet, PetHolder, Priority, Reptile, ShelterPet,
};
use libfuzzer_sys::fuzz_target;

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(data: &[u8]) {
    if let Ok(value) = serde_json::from_slice::<T>(data) {
        let _ = serde_json::to_vec(&value);
    }
}

fuzz_target!(|data: &[u8]| {
    round_trip::<ShelterPet>(data);
    round_trip::<PetHolder>(data);
    round_trip::<Pet>(data);
    round_trip::<Reptile>(data);
    round_trip::<Label>(data);
    round_trip::<Priority>(data);
    round_trip::<EventsPage>(data);
    round_trip::<AdoptRequest>(data);
    round_trip::<Vec<Reptile>>(data);
});
